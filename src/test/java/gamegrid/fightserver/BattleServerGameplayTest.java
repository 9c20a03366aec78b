package gamegrid.fightserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.fightserver.bot.BotPlan;
import gamegrid.fightserver.bot.BotRun;
import gamegrid.fightserver.bot.RunReport;
import gamegrid.protocol.battle.Event;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Whole battles on a real battle server over loopback: bots, idle players, and players who leave. */
class BattleServerGameplayTest {
    private static final Duration RUN_LIMIT = Duration.ofSeconds(20);

    @RegisterExtension
    final BattleServerExtension battle = BattleServerExtension.standard();

    private RunReport runBots(Event.Mode mode, int concurrency, int battles) throws InterruptedException {
        RunReport report = BotRun.run(new BotPlan(battle.address(), false, mode, concurrency, battles, RUN_LIMIT));
        assertEquals(List.of(), report.errorSamples());
        assertEquals(0, report.unfinished(), report.summary());
        assertEquals(battles, report.battles());
        battle.assertSeats(0);
        assertEquals(battle.seats().taken(), battle.seats().released());
        return report;
    }

    @Test
    void aBotPlaysAPveBattleToItsResultAndGivesItsSeatBack() throws InterruptedException {
        RunReport report = runBots(Event.Mode.PVE, 1, 1);
        assertEquals(1, report.won() + report.lost() + report.drawn());
        assertTrue(report.rounds() >= 1);
        assertEquals(1, battle.seats().taken());
    }

    @Test
    void twoBotsInPvpPlayOneBattleThatOneWinsAndTheOtherLoses() throws InterruptedException {
        RunReport report = runBots(Event.Mode.PVP, 1, 1);
        assertTrue(report.won() == 1 && report.lost() == 1 || report.drawn() == 2, report.summary());
        assertEquals(2, battle.seats().taken());
    }

    @Test
    void manyBotsAtOncePlayTheirBattlesWithoutDisturbingEachOther() throws InterruptedException {
        RunReport pve = runBots(Event.Mode.PVE, 8, 40);
        assertEquals(40, pve.won() + pve.lost() + pve.drawn());
        RunReport pvp = runBots(Event.Mode.PVP, 4, 12);
        assertEquals(pvp.won(), pvp.lost(), "every PvP battle has a winner and a loser, or two draws");
        assertEquals(40 + 24, battle.seats().taken());
    }

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

            leaver.close();
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
