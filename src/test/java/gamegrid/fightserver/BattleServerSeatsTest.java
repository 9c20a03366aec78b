package gamegrid.fightserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The seat cap, draining, and the listener hearing of every seat exactly once, on a server with two seats. */
class BattleServerSeatsTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @RegisterExtension
    final BattleServerExtension battle = new BattleServerExtension(2, BattleServerExtension.TURN, Duration.ofSeconds(10));

    @Test
    void aPlayerBeyondMaxPlayersIsRefusedWithFullAndClosed() throws Exception {
        try (PlayerClient first = battle.connect(); PlayerClient second = battle.connect();
             PlayerClient third = battle.connect()) {
            first.joinPve();
            second.expect("pvp", "QUEUED");
            battle.assertSeats(2);
            third.expect("ping", "PONG");
            battle.assertSeats(2); // a connection takes no seat until it joins

            third.expect("pve", "ERR full");
            assertTrue(third.closedByServer());
            battle.assertSeats(2);

            first.disconnect();
            assertTrue(battle.seats().awaitHeld(1, WAIT), "leaving gives the seat back");
            battle.assertSeats(1);
            try (PlayerClient fourth = battle.connect()) {
                fourth.joinPve();
                battle.assertSeats(2);
            }
        }
    }

    @Test
    void drainingRefusesNewPlayersSendsWaitersAwayAndCompletesWhenTheLastBattleEnds() throws Exception {
        try (PlayerClient fighter = battle.connect(); PlayerClient waiter = battle.connect()) {
            fighter.joinPve();
            waiter.expect("pvp|lonely", "QUEUED");
            battle.assertSeats(2);

            CompletableFuture<Void> drained = battle.server().drain();
            assertEquals("ERR draining", waiter.next());
            assertTrue(waiter.closedByServer());
            assertTrue(battle.seats().awaitHeld(1, WAIT));
            try (PlayerClient latecomer = battle.connect()) {
                latecomer.expect("pve", "ERR draining");
                assertTrue(latecomer.closedByServer());
            }
            assertFalse(drained.isDone(), "a battle is still running");
            battle.assertSeats(1);

            assertTrue(fighter.fightPveToTheEnd().startsWith("RESULT|"));
            drained.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            battle.assertSeats(0);
            assertEquals(2, battle.seats().taken(), "only the fighter and the waiter ever sat down");
        }
    }

    @Test
    void drainingAnEmptyServerCompletesAtOnceAndDrainingAgainIsHarmless() throws Exception {
        battle.server().drain().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        battle.server().drain().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        try (PlayerClient latecomer = battle.connect()) {
            latecomer.expect("pvp", "ERR draining");
            assertTrue(latecomer.closedByServer());
        }
        battle.assertSeats(0);
        assertEquals(0, battle.seats().taken());
    }
}
