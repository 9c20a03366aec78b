package gamegrid.dispatcher.fleet;

import static gamegrid.dispatcher.fleet.FleetHarness.battle;
import static gamegrid.dispatcher.fleet.FleetHarness.fleet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.dispatcher.fleet.RecordingLauncher.FakeLink;
import gamegrid.protocol.dispatch.Request;
import gamegrid.protocol.link.ServerExit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per defect of the fleet found in review (issue 9), each failing on the fleet before its rebuild. */
class FleetFindingsTest {
    @TempDir
    Path dir;

    /** Launches that run only when the test says, so that a stop can come while one is in flight. */
    private static final class HeldLaunches implements Executor {
        final ArrayDeque<Runnable> held = new ArrayDeque<>();

        @Override
        public void execute(Runnable launch) {
            held.add(launch);
        }
    }

    @Test
    void stoppingTheFleetWhileAServerIsBeingLaunchedStopsThatServerTooAndWaitsForIt() throws Exception {
        HeldLaunches launches = new HeldLaunches();
        RecordingLauncher launcher = new RecordingLauncher();
        FleetHarness clockOnly = new FleetHarness(fleet(Duration.ZERO, null, battle(5, 0, 3, 0, 0)));
        Fleet fleet = new Fleet(fleet(Duration.ZERO, null, battle(5, 0, 3, 0, 0)), launcher, launches, Runnable::run,
                clockOnly.clock::get, FleetHarness.WORLD_SECRET, FleetHarness.LOCAL_HOST);
        CompletableFuture<ServerAddress> get = fleet.acquire();
        assertEquals(1, launches.held.size(), "a launch is in flight");
        CompletableFuture<Void> stopped = fleet.stop(true);
        assertTrue(get.isCompletedExceptionally());
        assertFalse(stopped.isDone(), "the stop waits for the launch in flight");
        launches.held.poll().run(); // the process comes up after the stop
        RecordingLauncher.FakeProcess late = launcher.launched.get(0);
        assertTrue(late.terminated, "asked to exit (SIGTERM), not left orphaned");
        assertFalse(late.killed, "a starting server is asked to exit, not killed at once");
        stopped.get(1, TimeUnit.SECONDS);
    }

    @Test
    void aServerThatCannotStartIsRetriedWithExponentialBackoffNotAtOnceForever() {
        FleetHarness h = new FleetHarness(fleet(Duration.ZERO, null, battle(5, 1, 3, 0, 0)));
        h.launcher.failLaunches = true;
        h.fleet.start();
        h.advance(Duration.ofSeconds(10));
        // 100 ms doubling: attempts at about 0, 0.1, 0.3, 0.7, 1.5, 3.1, 6.3 s: seven, where the old fleet made thousands.
        int attempts = h.launcher.launches() + countFailedAttempts(h);
        assertTrue(attempts <= 8, "attempts in 10 s: " + attempts);
        var kind = h.kind(Request.BATTLE);
        assertTrue(kind.failures() >= 6, "stats counts the failures: " + kind);
        assertTrue(kind.cause().startsWith("could not execute"), "stats says why: " + kind.cause());
        assertTrue(kind.backoffMillis() > 0, "and when the next attempt is");
        CompletableFuture<ServerAddress> get = h.fleet.acquire();
        CompletionException refused = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, get::join);
        assertTrue(refused.getCause().getMessage().startsWith("battle servers are failing to start (could not execute"),
                refused.getCause().getMessage());
        h.launcher.failLaunches = false;
        for (int i = 0; i < 310 && h.launcher.launches() == 0; i++) {
            h.advance(Duration.ofMillis(100));
        }
        assertEquals(1, h.launcher.launches(), "tried again once the backoff passed, at most 30 s later");
        h.registerLaunched(0, 0, new FakeLink()).join();
        assertEquals(0, h.kind(Request.BATTLE).failures(), "a registration resets the backoff");
    }

    private static int countFailedAttempts(FleetHarness h) {
        return h.kind(Request.BATTLE).failures();
    }

    @Test
    void aServerThatReRegistersAfterALinkBlipIsNotCountedTwice() {
        FleetHarness h = new FleetHarness(fleet(Duration.ZERO, null, battle(50, 1, 2, 0, 0)));
        h.fleet.start();
        Registration first = h.registerLaunched(0, 0, new FakeLink()).join();
        for (int i = 0; i < 30; i++) {
            assertEquals(h.launcher.ports.get(0), h.tryAcquire(1));
        }
        h.fleet.linkClosed(first);
        // Thirty players arrive while the link is down; the server re-registers with its true load.
        h.registerLaunched(0, 30, new FakeLink()).join();
        var row = h.row(h.launcher.ports.get(0));
        assertEquals(30, row.players());
        assertEquals(0, row.reserved(), "their reservations were claimed by their arrival, not kept too");
        h.advance(Duration.ofMillis(300));
        assertEquals(1, h.launcher.launches(), "no unneeded server launched");
    }

    @Test
    void aRegistrationWithAnUnknownCredentialIsForbiddenAndNothingIsSignalled() {
        FleetHarness h = new FleetHarness(fleet(Duration.ZERO, null, battle(5, 0, 3, 0, 0)));
        CompletableFuture<Registration> forged = h.fleet.register(new Request.Register(7005, "guess", 0, 1), new FakeLink());
        assertTrue(forged.isCompletedExceptionally());
        assertTrue(reason(forged).startsWith("forbidden: unknown credential"), reason(forged));
        // A server the world's secret vouches for is routed, but its pid is never trusted: a stop only drains it.
        FakeLink external = new FakeLink();
        h.registerExternal(7006, 0, external).join();
        h.fleet.stop(true).join();
        assertTrue(external.drained);
    }

    @Test
    void aLiveServersSlotCannotBeTakenOverByAReplayedRegistration() {
        FleetHarness h = new FleetHarness(fleet(Duration.ZERO, null, battle(5, 0, 3, 0, 0)));
        h.fleet.acquire();
        h.registerLaunched(0, 0, new FakeLink()).join();
        int port = h.launcher.ports.get(0);
        CompletableFuture<Registration> replay = h.registerLaunched(0, 0, new FakeLink());
        assertEquals("port " + port + " is already registered", reason(replay));
        CompletableFuture<Registration> world = h.fleet.register(new Request.Register(port, FleetHarness.WORLD_SECRET, 0, 1),
                new FakeLink());
        assertTrue(reason(world).startsWith("forbidden: wrong credential"), "the world's secret does not claim a launched slot");
    }

    @Test
    void aServerThatExitedIsNeverHandedOutAgain() {
        FleetHarness h = new FleetHarness(fleet(Duration.ZERO, null, battle(5, 0, 3, 0, 0)));
        h.fleet.acquire();
        h.registerLaunched(0, 0, new FakeLink()).join();
        int port = h.launcher.ports.get(0);
        assertEquals(port, h.tryAcquire(1));
        h.launcher.launched.get(0).exited.complete("killed by signal 9");
        assertEquals(-1, h.tryAcquire(1), "no ghost: the exit removed it from routing");
        assertTrue(h.rows().isEmpty());
    }

    @Test
    void aRestartedDispatcherTakesBackOnlyTheServersOnItsRosterAndWaitsOnlyWhenThereAreAny() {
        Path roster = dir.resolve("fleet.roster");
        FleetHarness first = new FleetHarness(fleet(Duration.ofSeconds(2), roster, battle(5, 1, 3, 0, 0)));
        first.fleet.start();
        assertTrue(!first.fleet.ready().isDone() && first.launcher.launches() == 1,
                "nothing on the roster: no adoption wait, the first server starts at once");
        first.registerLaunched(0, 2, new FakeLink()).join();
        first.fleet.stop(false).join();
        List<String> lines = new Roster(roster).read().stream().map(e -> e.kind() + ":" + e.port()).toList();
        assertEquals(List.of("battle:7000"), lines);

        FleetHarness second = new FleetHarness(fleet(Duration.ofSeconds(2), roster, battle(5, 1, 3, 0, 0)));
        second.launcher.running.addAll(first.launcher.running);
        second.fleet.start();
        assertFalse(second.fleet.ready().isDone(), "waiting for the server on the roster");
        assertEquals(0, second.launcher.launches());
        String credential = first.launcher.credentials.get(0);
        second.fleet.register(new Request.Register(Request.BATTLE, 7000, credential, 2, 1001, Map.of()), new FakeLink()).join();
        assertTrue(second.fleet.ready().isDone(), "ready as soon as every expected server is back");
        assertEquals(2, second.row(7000).players());
        second.fleet.stop(true);
        assertTrue(first.launcher.launched.get(0).terminated || first.launcher.launched.get(0).killed
                || second.row(7000) == null || second.row(7000).state() == ServerState.DRAINING);
    }

    private static String reason(CompletableFuture<?> future) {
        try {
            future.join();
            return "accepted";
        } catch (CompletionException e) {
            assertNotNull(e.getCause());
            return e.getCause().getMessage();
        }
    }

    @Test
    void aLaunchWhosePortWasTakenMeanwhileIsRetriedOnAnotherPortWithItsWaitersKept() {
        FleetHarness h = new FleetHarness(fleet(Duration.ZERO, null, battle(5, 0, 3, 0, 0)));
        CompletableFuture<ServerAddress> get = h.fleet.acquire();
        h.launcher.launched.get(0).exited.complete(ServerExit.describe(ServerExit.PORT_TAKEN));
        assertFalse(get.isDone(), "the request still waits");
        assertEquals(2, h.launcher.launches(), "launched again at once, no backoff");
        assertEquals(0, h.kind(Request.BATTLE).failures());
        h.registerLaunched(1, 0, new FakeLink()).join();
        assertEquals(h.launcher.ports.get(1), get.join().port());
    }
}
