package gamegrid.fightserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Battles on a real battle server over loopback with players who do not act in time or leave. */
class BattleServerGameplayTest {
    @RegisterExtension
    final BattleServerExtension battle = BattleServerExtension.standard();

    @Test
    void aPlayerWhoDoesNotActInTimeDefendsByDefault() throws Exception {
        try (PlayerClient idle = battle.connect()) {
            idle.joinPve();
            long start = System.nanoTime();
            List<String> round = idle.readUntil("ROUND|2|");
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(List.of("TIMEOUT|1", "DEFEND|1"), round.subList(0, 2));
            assertTrue(waitedMillis >= BattleServerExtension.TURN.toMillis() - 50, "round resolved after " + waitedMillis + "ms");
            battle.assertSeats(1);
        }
    }

    @Test
    void aPlayerWhoLeavesMidBattleForfeitsAfterTheGraceAndNothingElseIsDisturbed() throws Exception {
        try (PlayerClient leaver = battle.connect(); PlayerClient stayer = battle.connect();
             PlayerClient bystander = battle.connect()) {
            bystander.joinPve();
            leaver.expect("pvp|duel", "QUEUED");
            stayer.send("pvp|duel");
            assertEquals("BATTLE", stayer.next().split("\\|")[0]);
            leaver.readUntil("ROUND|1|");
            stayer.readUntil("ROUND|1|");
            battle.assertSeats(3);

            leaver.disconnect();
            long left = System.nanoTime();
            List<String> rest = stayer.readUntil("RESULT|");
            long forfeitMillis = (System.nanoTime() - left) / 1_000_000;
            assertTrue(rest.contains("AWAY|1|300"), rest.toString());
            assertEquals(List.of("FORFEIT|1", "RESULT|win|forfeit"), rest.subList(rest.size() - 2, rest.size()));
            assertTrue(forfeitMillis >= BattleServerExtension.GRACE.toMillis() - 50, "forfeited after " + forfeitMillis + "ms");
            battle.assertSeats(1);

            assertTrue(bystander.fightPveToTheEnd().startsWith("RESULT|"));
            battle.assertSeats(0);
        }
    }
}
