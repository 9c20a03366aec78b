package gamegrid.dispatcher.fleet;

import static gamegrid.dispatcher.fleet.FleetHarness.battle;
import static gamegrid.dispatcher.fleet.FleetHarness.fleet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.dispatcher.fleet.RecordingLauncher.FakeLink;
import gamegrid.protocol.dispatch.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The fleet's life-cycle rules, with a recording launcher and a clock the test moves. */
class FleetLifecycleTest {

    private static FleetHarness harness(int maxPlayers, int minServers, int maxServers, Duration adoptWindow) {
        return new FleetHarness(fleet(adoptWindow, null, battle(maxPlayers, minServers, maxServers, 0, 0)));
    }

    @Test
    void aBurstAtCapacityLaunchesOnlyTheServersItNeeds() throws Exception {
        FleetHarness h = harness(5, 0, 10, Duration.ZERO);
        List<CompletableFuture<ServerAddress>> gets = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 3; i++) {
                    CompletableFuture<ServerAddress> get = h.fleet.acquire();
                    synchronized (gets) {
                        gets.add(get);
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join(5_000);
        }
        assertEquals(12, gets.size());
        assertEquals(3, h.launcher.launches(), "twelve seats of five need three servers, not twelve");
        for (int i = 0; i < 3; i++) {
            h.registerLaunched(i, 0, new FakeLink()).join();
        }
        List<Integer> ports = new ArrayList<>();
        for (CompletableFuture<ServerAddress> get : gets) {
            ports.add(get.get(1, TimeUnit.SECONDS).port());
        }
        for (int port : h.launcher.ports) {
            assertTrue(ports.stream().filter(p -> p == port).count() <= 5, "no server past the cap: " + ports);
        }
    }

    @Test
    void aServerThatNeverRegistersFailsItsWaitersAndIsKilled() {
        FleetHarness h = harness(5, 0, 2, Duration.ZERO);
        CompletableFuture<ServerAddress> get = h.fleet.acquire();
        assertEquals(1, h.launcher.launches());
        h.advance(Duration.ofMillis(5_200));
        ExecutionException failure = assertThrows(ExecutionException.class, get::get);
        assertEquals("battle server 127.0.0.1:7000 did not start in time", failure.getCause().getMessage());
        assertTrue(h.launcher.launched.get(0).killed);
        assertTrue(h.rows().isEmpty());
    }

    @Test
    void aDeadServerIsRemovedItsWaitersFailAndTheMinimumFleetIsRestoredAfterABackoff() {
        FleetHarness h = harness(5, 1, 3, Duration.ZERO);
        h.fleet.start();
        assertEquals(1, h.launcher.launches());
        CompletableFuture<ServerAddress> get = h.fleet.acquire(); // waits for the starting server
        h.launcher.launched.get(0).exited.complete("exit code 1");
        assertTrue(get.isCompletedExceptionally());
        assertEquals(1, h.launcher.launches(), "no relaunch before the backoff has passed");
        h.advance(Duration.ofMillis(200));
        assertEquals(2, h.launcher.launches(), "a replacement keeps the minimum fleet");
        assertEquals(List.of("STARTING"), h.rows().stream().map(r -> r.state().name()).toList());
    }

    @Test
    void anEmptyServerBeyondTheMinimumIsDrainedAfterTheIdleTimeoutAndNotBefore() {
        FleetHarness h = harness(5, 1, 3, Duration.ZERO);
        FakeLink first = new FakeLink();
        FakeLink second = new FakeLink();
        h.registerExternal(7000, 1, first).join();
        h.registerExternal(7001, 0, second).join();
        h.advance(Duration.ofSeconds(29));
        assertFalse(second.drained);
        h.advance(Duration.ofSeconds(2));
        assertTrue(second.drained, "the empty server beyond the minimum");
        assertFalse(first.drained, "the one with a player");
    }

    @Test
    void stoppingWithTheFleetDrainsEveryServerAndCompletesWhenTheyExit() throws Exception {
        FleetHarness h = harness(5, 0, 3, Duration.ZERO);
        h.fleet.acquire();
        FakeLink link = new FakeLink();
        h.registerLaunched(0, 0, link).join();
        CompletableFuture<Void> stopped = h.fleet.stop(true);
        assertTrue(link.drained);
        assertFalse(stopped.isDone());
        h.launcher.launched.get(0).exited.complete("exit code 0");
        stopped.get(1, TimeUnit.SECONDS);
        assertTrue(h.fleet.acquire().isCompletedExceptionally(), "no routing once stopping");
    }

    @Test
    void partySeatsGoTogetherOnOneServerOrNotAtAll() {
        FleetHarness h = harness(4, 0, 2, Duration.ZERO);
        h.registerExternal(7000, 3, new FakeLink()).join();
        h.registerExternal(7001, 1, new FakeLink()).join();
        assertEquals(7001, h.tryAcquire(3));
        assertEquals(-1, h.tryAcquire(2), "no server has two seats left");
        assertTrue(h.fleet.acquire(Request.BATTLE, "", 5).isCompletedExceptionally(), "a party larger than a server");
    }

    @Test
    void anAddClaimsTheOldestReservationAndUnclaimedOnesExpire() throws Exception {
        FleetHarness h = harness(10, 0, 1, Duration.ZERO);
        h.registerExternal(7000, 0, new FakeLink()).join();
        assertEquals(7000, h.tryAcquire(1));
        h.advance(Duration.ofMillis(500));
        assertEquals(7000, h.tryAcquire(1));
        h.fleet.add(Request.BATTLE, h.fleet.local(7000), "");
        assertEquals(1, h.row(7000).players());
        assertEquals(1, h.row(7000).reserved());
        h.advance(Duration.ofMillis(1_200));
        assertEquals(0, h.row(7000).reserved(), "the unclaimed reservation expired");
        assertThrows(FleetException.class, () -> h.fleet.del(Request.BATTLE, h.fleet.local(7001), ""), "unknown port");
        h.fleet.del(Request.BATTLE, h.fleet.local(7000), "");
        assertThrows(FleetException.class, () -> h.fleet.del(Request.BATTLE, h.fleet.local(7000), ""), "never below zero");
    }

    @Test
    void aSilentServerLeavesRoutingAfterTheHeartbeatTimeoutAndComesBackWhenItSpeaks() {
        FleetHarness h = harness(10, 1, 1, Duration.ZERO);
        Registration registration = h.registerExternal(7000, 0, new FakeLink()).join();
        h.advance(Duration.ofSeconds(61));
        assertEquals(ServerState.UNRESPONSIVE, h.row(7000).state());
        assertEquals(-1, h.tryAcquire(1));
        h.fleet.heartbeat(registration);
        assertEquals(ServerState.READY, h.row(7000).state());
        assertEquals(7000, h.tryAcquire(1));
    }

    @Test
    void aClosedLinkTakesTheServerOutOfRoutingAtOnce() {
        FleetHarness h = harness(10, 0, 1, Duration.ZERO);
        Registration registration = h.registerExternal(7000, 0, new FakeLink()).join();
        h.fleet.linkClosed(registration);
        assertEquals(ServerState.UNRESPONSIVE, h.row(7000).state());
        assertEquals(-1, h.tryAcquire(1));
    }

    @Test
    void warmSparesStartAheadWhenFreeSeatsFallBelowTheHighWaterMark() {
        FleetHarness h = new FleetHarness(fleet(Duration.ZERO, null, battle(10, 0, 5, 1, 4)));
        h.registerExternal(7000, 5, new FakeLink()).join();
        h.advance(Duration.ofMillis(100));
        assertEquals(0, h.launcher.launches(), "five free seats are above the mark of four");
        h.tryAcquire(2);
        h.advance(Duration.ofMillis(100));
        assertEquals(1, h.launcher.launches(), "three free seats: one spare starts");
        h.advance(Duration.ofMillis(500));
        assertEquals(1, h.launcher.launches(), "at most warm-spares start ahead at once");
    }

    @Test
    void aDrainedServerThatDoesNotExitIsKilledAfterTheDrainTimeout() {
        FleetHarness h = harness(5, 0, 3, Duration.ZERO);
        h.fleet.acquire();
        FakeLink link = new FakeLink();
        h.registerLaunched(0, 0, link).join();
        h.advance(Duration.ofSeconds(32));
        assertTrue(link.drained, "idle past the timeout");
        assertFalse(h.launcher.launched.get(0).killed);
        h.advance(Duration.ofSeconds(11));
        assertTrue(h.launcher.launched.get(0).killed, "still running after the drain timeout");
    }

    @Test
    void aReadyFleetIsOneThatCanAnswerAtOnce() {
        FleetHarness h = harness(5, 1, 3, Duration.ZERO);
        h.fleet.start();
        assertFalse(h.fleet.ready().isDone(), "its first server is still starting");
        h.registerLaunched(0, 0, new FakeLink()).join();
        assertTrue(h.fleet.ready().isDone());
        assertNull(h.fleet.notReadyReason().join());
    }

    @Test
    void subscribersHearEveryStepOfAServersLifeInOrder() {
        FleetHarness h = harness(5, 0, 3, Duration.ZERO);
        List<String> events = new ArrayList<>();
        h.fleet.subscribe(e -> events.add(e.type() + " " + e.port()));
        h.fleet.acquire();
        h.registerLaunched(0, 0, new FakeLink()).join();
        h.advance(Duration.ofSeconds(32));
        h.launcher.launched.get(0).exited.complete("exit code 0");
        assertEquals(List.of("LAUNCHED 7000", "READY 7000", "DRAINING 7000", "STOPPED 7000"), events);
    }

    @Test
    void aServerOnAnotherHostIsKnownByItsAdvertisedAddressAndFillsBeforeAnyLocalLaunch() {
        FleetHarness h = harness(2, 0, 3, Duration.ZERO);
        h.fleet.register(new Request.Register(Request.BATTLE, "10.77.0.2", 7000, FleetHarness.WORLD_SECRET, 0, 1, Map.of()),
                new FakeLink()).join();
        h.registerExternal(7000, 2, new FakeLink()).join(); // the same port on this machine: another server
        assertEquals(new ServerAddress("10.77.0.2", 7000), h.fleet.tryAcquire(Request.BATTLE, "", 1));
        assertEquals(new ServerAddress("10.77.0.2", 7000), h.fleet.acquire().join());
        assertEquals(0, h.launcher.launches(), "the remote server had room: nothing launched here");
        h.fleet.acquire();
        assertEquals(1, h.launcher.launches(), "launched here only once the remote one is full");
    }

    private static KindConfig remoteOnly(int maxPlayers) {
        return new KindConfig(Request.BATTLE, "gamegrid.fightserver.BattleServerMain", maxPlayers, 7000, 1, 3, 1, 1,
                Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofSeconds(10), List.of(), 1, List.of(), List.of(), false);
    }

    @Test
    void aDispatcherThatLaunchesNothingAllocatesAnEmptyServerBeforeSendingItPlayersAndSaysWhenAllAreFull() {
        FleetHarness h = new FleetHarness(fleet(Duration.ZERO, null, remoteOnly(1)));
        h.fleet.start();
        h.advance(Duration.ofSeconds(1));
        assertEquals(0, h.launcher.launches(), "no minimum, no spares launched here");
        FakeLink link = new FakeLink();
        Registration standby = h.fleet.register(new Request.Register(Request.BATTLE, "10.77.0.3", 7000,
                FleetHarness.WORLD_SECRET, 0, 1, Map.of()), link).join();
        assertEquals(ServerState.STANDBY, h.row(7000).state());
        assertNull(h.fleet.tryAcquire(Request.BATTLE, "", 1), "not routed before it is allocated");
        CompletableFuture<ServerAddress> get = h.fleet.acquire();
        assertEquals(1, link.allocateAsked, "asked to mark itself allocated");
        assertFalse(get.isDone());
        h.fleet.allocated(standby, true);
        assertEquals(new ServerAddress("10.77.0.3", 7000), get.join());
        assertEquals(ServerState.READY, h.row(7000).state());
        CompletionException full = assertThrows(CompletionException.class, () -> h.fleet.acquire().join());
        assertTrue(full.getCause().getMessage().endsWith("(this dispatcher launches none)"), full.getCause().getMessage());
        assertEquals(0, h.launcher.launches());
    }

    @Test
    void aServerWhoseOrchestratorRefusesAllocationGetsNoPlayers() {
        FleetHarness h = new FleetHarness(fleet(Duration.ZERO, null, remoteOnly(5)));
        Registration standby = h.fleet.register(new Request.Register(Request.BATTLE, "10.77.0.3", 7000,
                FleetHarness.WORLD_SECRET, 0, 1, Map.of()), new FakeLink()).join();
        CompletableFuture<ServerAddress> get = h.fleet.acquire();
        h.fleet.allocated(standby, false);
        assertTrue(get.isCompletedExceptionally());
        assertEquals(ServerState.STANDBY, h.row(7000).state());
        assertEquals(0, h.row(7000).reserved(), "its promised seat is released");
    }

    @Test
    void aServerThatNeverAnswersAllocateFailsItsWaitersAfterTheStartTimeoutAndStandsBy() {
        FleetHarness h = new FleetHarness(fleet(Duration.ZERO, null, remoteOnly(5)));
        h.fleet.register(new Request.Register(Request.BATTLE, "10.77.0.3", 7000, FleetHarness.WORLD_SECRET, 0, 1, Map.of()),
                new FakeLink()).join();
        CompletableFuture<ServerAddress> get = h.fleet.acquire();
        h.advance(Duration.ofMillis(5_200));
        assertTrue(get.isCompletedExceptionally(), "not left waiting forever");
        assertEquals(ServerState.STANDBY, h.row(7000).state());
        assertEquals(0, h.row(7000).reserved());
    }

    @Test
    void aSilentLinkLeftHalfOpenIsReplacedWhenItsServerRegistersAgain() {
        FleetHarness h = harness(5, 1, 3, Duration.ZERO);
        FakeLink stale = new FakeLink();
        h.registerExternal(7000, 1, stale).join();
        CompletableFuture<Registration> tooEarly = h.registerExternal(7000, 1, new FakeLink());
        assertTrue(tooEarly.isCompletedExceptionally(), "a live link is not taken over");
        h.advance(Duration.ofSeconds(61));
        assertEquals(ServerState.UNRESPONSIVE, h.row(7000).state());
        h.registerExternal(7000, 1, new FakeLink()).join();
        assertFalse(stale.isOpen(), "the half-open link is closed");
        assertEquals(ServerState.READY, h.row(7000).state());
    }
}
