package gamegrid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.support.SpawnedProcessReaper;
import gamegrid.support.TestDispatcher;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The dispatcher launching, watching and retiring real battle-server JVMs, with MAXNUM kept small. */
@ExtendWith(SpawnedProcessReaper.class)
class FleetWithRealBattleServersTest {

    @TempDir
    Path dir;

    private TestDispatcher dispatcher;
    private int firstPort;

    @AfterEach
    void stopDispatcherAndFleet() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    private void start(String... settings) throws Exception {
        // A random base keeps parallel builds on one machine apart; the launcher skips ports in use anyway.
        firstPort = 20_000 + ThreadLocalRandom.current().nextInt(20_000);
        List<String> all = new ArrayList<>(List.of("fleet.first-port", String.valueOf(firstPort),
                "fleet.start-timeout", "20s"));
        all.addAll(List.of(settings));
        dispatcher = TestDispatcher.start(dir, all.toArray(String[]::new));
    }

    @Test
    void thePlayerAfterMaxnumGoesToAFreshlySpawnedServerThatIsAlreadyListening() throws Exception {
        start("fleet.max-players", "2", "fleet.min-servers", "1", "fleet.max-servers", "3");
        awaitStats(rows -> rows.size() == 1 && rows.values().stream().allMatch(r -> r.state().equals("READY")));
        String first = dispatcher.ask("get");
        assertEquals(first, dispatcher.ask("get"));
        String third = dispatcher.ask("get");
        assertNotEquals(first, third);
        assertTrue(accepts(third), "the new server listens by the time its port is handed out");
        assertEquals(2, dispatcher.stats().size());
    }

    @Test
    void aBurstAtCapacityStartsExactlyOneServer() throws Exception {
        start("fleet.max-players", "10", "fleet.min-servers", "0", "fleet.max-servers", "4");
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                answers.add(pool.submit((Callable<String>) () -> dispatcher.ask("get")));
            }
            Set<String> endpoints = answers.stream().map(FleetWithRealBattleServersTest::await).collect(Collectors.toSet());
            assertEquals(1, endpoints.size(), "ten players fit one server: " + endpoints);
            assertEquals(1, dispatcher.stats().size());
            assertTrue(accepts(endpoints.iterator().next()));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aServerKilledWithSigkillIsNoticedAndRoutingMovesOn() throws Exception {
        start("fleet.max-players", "1", "fleet.min-servers", "2", "fleet.max-servers", "2",
                "fleet.reservation-timeout", "200ms");
        awaitStats(rows -> rows.size() == 2 && rows.values().stream().allMatch(r -> r.state().equals("READY")));
        Map<Integer, TestDispatcher.Row> before = dispatcher.stats();
        int victim = before.keySet().stream().min(Integer::compare).orElseThrow();
        ProcessHandle.of(before.get(victim).pid()).orElseThrow().destroyForcibly();
        long killedAt = System.nanoTime();
        awaitStats(rows -> !rows.containsKey(victim) || !rows.get(victim).state().equals("READY"));
        long noticedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        assertTrue(noticedMs < 1_000, "noticed after " + noticedMs + " ms");
        String answer = dispatcher.ask("get");
        assertTrue(answer.startsWith("127.0.0.1:") && !answer.endsWith(":" + victim), answer);
        // The minimum fleet is restored with a new process.
        awaitStats(rows -> rows.size() == 2 && rows.values().stream().allMatch(r -> r.state().equals("READY")));
    }

    @Test
    void aHungServerIsTakenOutOfRoutingAndComesBackWhenItRecovers() throws Exception {
        start("fleet.max-players", "5", "fleet.min-servers", "1", "fleet.max-servers", "1",
                "fleet.heartbeat-timeout", "1s");
        awaitStats(rows -> rows.size() == 1 && rows.values().stream().allMatch(r -> r.state().equals("READY")));
        long pid = dispatcher.stats().values().iterator().next().pid();
        signal("STOP", pid);
        try {
            awaitStats(rows -> rows.values().stream().allMatch(r -> r.state().equals("UNRESPONSIVE")));
            assertTrue(dispatcher.ask("get").startsWith("ERR full"), "no routing to a hung server");
        } finally {
            signal("CONT", pid);
        }
        awaitStats(rows -> rows.values().stream().allMatch(r -> r.state().equals("READY")));
        assertTrue(dispatcher.ask("get").startsWith("127.0.0.1:"));
    }

    @Test
    void anIdleServerBeyondTheMinimumIsDrainedAndStops() throws Exception {
        start("fleet.max-players", "1", "fleet.min-servers", "1", "fleet.max-servers", "2",
                // An idle timeout longer than a JVM start on a busy machine, so that the first server cannot
                // be drained before the second has registered.
                "fleet.reservation-timeout", "300ms", "fleet.idle-timeout", "3s");
        awaitStats(rows -> rows.size() == 1 && rows.values().stream().allMatch(r -> r.state().equals("READY")));
        dispatcher.ask("get");
        dispatcher.ask("get"); // the second seat needs a second server
        Set<Long> pids = dispatcher.stats().values().stream().map(TestDispatcher.Row::pid).collect(Collectors.toSet());
        assertEquals(2, pids.size());
        // Once the reservations expire, one of the two is idle beyond the minimum: it is drained and exits.
        awaitStats(rows -> rows.size() == 1);
        Set<Long> left = dispatcher.stats().values().stream().map(TestDispatcher.Row::pid).collect(Collectors.toSet());
        pids.removeAll(left);
        long drained = pids.iterator().next();
        // Fails with a timeout if the drained process does not exit.
        ProcessHandle.of(drained).ifPresent(p -> p.onExit().orTimeout(10, TimeUnit.SECONDS).join());
    }

    @Test
    void atTheServerLimitWithEveryServerFullGetIsRefusedClearly() throws Exception {
        start("fleet.max-players", "1", "fleet.min-servers", "0", "fleet.max-servers", "1");
        String first = dispatcher.ask("get");
        assertTrue(accepts(first), first);
        assertEquals("ERR full: 1 battle servers at 1 players", dispatcher.ask("get"));
    }

    @Test
    void warmSparesStartBeforeTheFleetIsFull() throws Exception {
        start("fleet.max-players", "4", "fleet.min-servers", "1", "fleet.max-servers", "3",
                "fleet.spare-high-water", "2", "fleet.warm-spares", "1");
        awaitStats(rows -> rows.size() == 1 && rows.values().stream().allMatch(r -> r.state().equals("READY")));
        dispatcher.ask("get");
        dispatcher.ask("get");
        dispatcher.ask("get"); // one free seat left: below the high-water mark of two
        awaitStats(rows -> rows.size() == 2 && rows.values().stream().allMatch(r -> r.state().equals("READY")));
        int spare = dispatcher.stats().entrySet().stream()
                .filter(e -> e.getValue().reserved() == 0).mapToInt(Map.Entry::getKey).findFirst().orElseThrow();
        assertEquals("127.0.0.1:" + spare, dispatcher.ask("get"), "the next player goes to the spare already running");
        assertEquals(2, dispatcher.stats().size());
    }

    private void awaitStats(Predicate<Map<Integer, TestDispatcher.Row>> condition) throws Exception {
        dispatcher.awaitStats(condition);
    }

    private static boolean accepts(String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.substring(0, colon), Integer.parseInt(endpoint.substring(colon + 1))), 1_000);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor());
    }

    private static String await(Future<String> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
