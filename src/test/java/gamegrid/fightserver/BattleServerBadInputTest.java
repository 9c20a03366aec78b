package gamegrid.fightserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.support.NeverReadingClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every kind of bad input on a real battle server gets a clear {@code ERR} and changes nothing. Turns are
 * long here, so rounds advance only when every player has acted and the tests read exact replies.
 */
class BattleServerBadInputTest {
    @RegisterExtension
    final BattleServerExtension battle = new BattleServerExtension(100, Duration.ofSeconds(10), Duration.ofSeconds(10));

    @Test
    void unknownCommandsBadFieldsAndGarbageAreAnsweredAndTheConnectionStaysUsable() throws Exception {
        try (PlayerClient player = battle.connect()) {
            player.expect("fly", "ERR unknown command: fly");
            player.expect("attack|x|2", "ERR bad fighter: x");
            player.expect("attack|1", "ERR use attack|ACTOR|TARGET");
            player.expect("skill|1|fireball|2", "ERR unknown skill: fireball");
            player.sendBytes(new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x1b, '\n'});
            assertEquals("ERR unknown command: ????", player.next());
            player.expect("ping", "PONG");
            battle.assertSeats(0);
        }
    }

    @Test
    void aPlayerThatNeverReadsStopsBeingReadWhileOthersPlayOn() throws Exception {
        try (NeverReadingClient flooder = new NeverReadingClient(battle.address().getPort());
             PlayerClient player = battle.connect()) {
            flooder.flood("", "ping", Duration.ofSeconds(3));
            long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < end) {
                player.expect("ping", "PONG");
            }
            assertTrue(flooder.written() < 32L << 20, "the server read " + flooder.written() + " bytes from a player who reads nothing");
        }
    }

    @Test
    void anOverLongLineIsRefusedAndTheNextLineIsReadAsUsual() throws Exception {
        try (PlayerClient player = battle.connect()) {
            player.send("pve|" + "x".repeat(BattleServerExtension.MAX_LINE_LENGTH));
            assertEquals("ERR line too long", player.next());
            player.expect("ping", "PONG");
            battle.assertSeats(0);
        }
    }

    @Test
    void actingOutsideABattleIsRefused() throws Exception {
        try (PlayerClient player = battle.connect()) {
            player.expect("attack|1|2", "ERR not in a battle");
            player.expect("pvp|alone", "QUEUED");
            player.expect("defend|1", "ERR not in a battle");
            player.expect("pve", "ERR already waiting for an opponent");
            battle.assertSeats(1);
        }
    }

    @Test
    void actingTwiceOrForTheOtherPlayerOrAtTheWrongFighterIsRefusedAndChangesNothing() throws Exception {
        try (PlayerClient one = battle.connect(); PlayerClient two = battle.connect()) {
            one.expect("pvp|bad", "QUEUED");
            two.send("pvp|bad");
            one.readUntil("ROUND|1|");
            two.readUntil("ROUND|1|");

            one.expect("attack|2|1", "ERR fighter 2 is not yours");
            one.expect("defend|1", "OK");
            one.expect("attack|1|2", "ERR fighter 1 already acted this round");
            two.expect("attack|2|9", "ERR no fighter 9");
            two.expect("attack|2|2", "ERR fighter 2 is on your side");
            two.expect("skill|2|heal|1", "ERR fighter 1 is not on your side");
            two.expect("pve", "ERR already in a battle");
            two.expect("attack|2|" + "1".repeat(BattleServerExtension.MAX_LINE_LENGTH), "ERR line too long");
            battle.assertSeats(2);

            two.expect("attack|2|1", "OK");
            List<String> round = two.readUntil("ROUND|2|");
            assertEquals(round, one.readUntil("ROUND|2|"), "both players see the same round");
            assertEquals("DEFEND|1", round.get(0));
            assertEquals(1, round.stream().filter(line -> line.startsWith("ATTACK|")).count(), round.toString());
            String hit = round.get(1);
            assertTrue(hit.startsWith("ATTACK|2|1|"), "only fighter 2 attacked: " + round);
            int damage = Integer.parseInt(hit.split("\\|")[3]);
            assertTrue(damage <= 7, "at most (18 x 110% - defence 5) / 2 against a defender: " + hit);
            assertEquals("STATE|2|120|smash,heal", round.get(3), "fighter 2 was not touched");
        }
    }

    @Test
    void targetingAFighterWhoIsDownIsRefusedWhileTheBattleGoesOn() throws Exception {
        try (PlayerClient player = battle.connect()) {
            player.joinPve();
            player.send("skill|1|smash|2");
            boolean down = false;
            for (int round = 2; round < 30 && !down; round++) {
                List<String> lines = player.readUntil("ROUND|" + round + "|");
                assertTrue(lines.stream().noneMatch(l -> l.startsWith("RESULT|")), "the hero fell first: " + lines);
                down = lines.contains("DOWN|2");
                if (!down) {
                    player.expect("attack|1|2", "OK");
                }
            }
            assertTrue(down, "monster 2 went down");
            player.expect("attack|1|2", "ERR fighter 2 is down");
            player.expect("skill|1|smash|2", "ERR fighter 2 is down");
            player.expect("attack|1|3", "OK");
            battle.assertSeats(1);
        }
    }

    @Test
    void garbageMidBattleLeavesTheRoundWaitingForAValidOrder() throws Exception {
        try (PlayerClient player = battle.connect()) {
            player.joinPve();
            player.sendBytes("\u0001\u0002\n".getBytes(StandardCharsets.UTF_8));
            assertEquals("ERR unknown command: ??", player.next());
            player.expect("defend|1", "OK");
            assertEquals("DEFEND|1", player.next(), "the round resolved with the valid order only");
        }
    }
}
