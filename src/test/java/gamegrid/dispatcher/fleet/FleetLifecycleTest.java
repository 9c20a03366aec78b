package gamegrid.dispatcher.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.dispatcher.fleet.RecordingLauncher.FakeLink;
import gamegrid.protocol.dispatch.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The fleet on its own, with a recording launcher and a clock the test moves. */
class FleetLifecycleTest {
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final RecordingLauncher launcher = new RecordingLauncher();

    private Fleet fleet(int maxPlayers, int minServers, int maxServers, Duration adoptWindow) {
        FleetSettings settings = new FleetSettings(maxPlayers, 7000, minServers, maxServers, 0, 0,
                Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofSeconds(10), adoptWindow);
        return new Fleet(settings, launcher, Runnable::run, clock::get);
    }

    private void advance(Duration by, Fleet fleet) {
        long target = clock.get() + by.toNanos();
        while (clock.get() < target) {
            clock.addAndGet(Fleet.TICK.toNanos());
            fleet.tick();
        }
    }

    @Test
    void aBurstAtCapacityLaunchesOnlyTheServersItNeeds() throws Exception {
        Fleet fleet = fleet(5, 0, 10, Duration.ZERO);
        List<CompletableFuture<Integer>> gets = new ArrayList<>();
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
                    CompletableFuture<Integer> get = fleet.acquire();
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
        assertEquals(3, launcher.launches(), "twelve seats of five need three servers, not twelve");
        for (int i = 0; i < 3; i++) {
            fleet.register(launcher.ports.get(i), 0, launcher.launched.get(i).pid, new FakeLink());
        }
        List<Integer> ports = new ArrayList<>();
        for (CompletableFuture<Integer> get : gets) {
            ports.add(get.get(1, TimeUnit.SECONDS));
        }
        for (int port : launcher.ports) {
            assertTrue(ports.stream().filter(p -> p == port).count() <= 5, "no server past the cap: " + ports);
        }
    }

    @Test
    void aServerThatNeverRegistersFailsItsWaitersAndIsKilled() {
        Fleet fleet = fleet(5, 0, 2, Duration.ZERO);
        CompletableFuture<Integer> get = fleet.acquire();
        assertEquals(1, launcher.launches());
        advance(Duration.ofMillis(5_200), fleet);
        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, get::get);
        assertEquals("battle server 7000 did not start in time", failure.getCause().getMessage());
        assertTrue(launcher.launched.get(0).killed);
        assertTrue(fleet.snapshot().isEmpty());
    }

    @Test
    void aDeadServerIsRemovedItsWaitersFailAndTheMinimumFleetIsRestored() {
        Fleet fleet = fleet(5, 1, 3, Duration.ZERO);
        fleet.start();
        assertEquals(1, launcher.launches());
        CompletableFuture<Integer> get = fleet.acquire(); // waits for the starting server
        launcher.launched.get(0).exited.complete("exit code 1");
        assertTrue(get.isCompletedExceptionally());
        assertEquals(2, launcher.launches(), "a replacement keeps the minimum fleet");
        assertEquals(List.of("STARTING"), fleet.snapshot().stream().map(Reply.ServerRow::state).toList());
    }

    @Test
    void duringTheAdoptionWindowAGetWaitsForServersThatOutlivedTheLastDispatcher() throws Exception {
        Fleet fleet = fleet(5, 1, 3, Duration.ofSeconds(1));
        fleet.start();
        CompletableFuture<Integer> get = fleet.acquire();
        assertFalse(get.isDone());
        assertEquals(0, launcher.launches(), "nothing is started while servers may still come back");
        fleet.register(7003, 2, 4242, new FakeLink());
        advance(Duration.ofMillis(1_100), fleet);
        assertEquals(7003, get.get(1, TimeUnit.SECONDS));
        assertEquals(0, launcher.launches(), "the adopted server satisfies the minimum");
        assertEquals(new Reply.ServerRow(7003, "READY", 2, 1, 4242), fleet.snapshot().get(0));
    }

    @Test
    void anEmptyServerBeyondTheMinimumIsDrainedAfterTheIdleTimeoutAndNotBefore() throws Exception {
        Fleet fleet = fleet(5, 1, 3, Duration.ZERO);
        FakeLink first = new FakeLink();
        FakeLink second = new FakeLink();
        fleet.register(7000, 1, 11, first);
        fleet.register(7001, 0, 12, second);
        advance(Duration.ofSeconds(29), fleet);
        assertFalse(second.drained);
        advance(Duration.ofSeconds(2), fleet);
        assertTrue(second.drained, "the empty server beyond the minimum");
        assertFalse(first.drained, "the one with a player");
    }

    @Test
    void stoppingWithTheFleetDrainsEveryServerAndCompletesWhenTheyExit() throws Exception {
        Fleet fleet = fleet(5, 0, 3, Duration.ZERO);
        fleet.acquire();
        FakeLink link = new FakeLink();
        fleet.register(7000, 0, launcher.launched.get(0).pid, link);
        CompletableFuture<Void> stopped = fleet.stop(true);
        assertTrue(link.drained);
        assertFalse(stopped.isDone());
        launcher.launched.get(0).exited.complete("exit code 0");
        stopped.get(1, TimeUnit.SECONDS);
        assertTrue(fleet.acquire().isCompletedExceptionally(), "no routing once stopping");
    }
}
