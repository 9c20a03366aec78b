package gamegrid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.fightserver.bot.BotPlan;
import gamegrid.fightserver.bot.RunReport;
import gamegrid.protocol.battle.Event;
import gamegrid.support.Bots;
import gamegrid.support.DispatcherProcess;
import gamegrid.support.TestDispatcher;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of a battle server and of the dispatcher itself while bots play: afterwards every load equals
 * the players really connected (none), the surviving servers are the same processes, and routing works.
 */
class FaultTest {
    @TempDir
    Path dir;

    @Test
    void killingABattleServerAndTheDispatcherMidGameLosesNothing() throws Exception {
        int port = DispatcherProcess.freePort();
        String[] settings = {"fleet.max-players", "8", "fleet.min-servers", "3", "fleet.max-servers", "5",
                "fleet.first-port", String.valueOf(20_000 + port % 20_000), "fleet.reservation-timeout", "1s",
                "fleet.adopt-window", "2s", "fleet.spare-high-water", "0"};
        Set<Long> battlePids = new HashSet<>();
        DispatcherProcess dispatcher = DispatcherProcess.start(dir, port, settings);
        try {
            Map<Integer, TestDispatcher.Row> fleet = awaitFleet(port, dir, battlePids, rows -> rows.size() == 3 && allReady(rows));
            InetSocketAddress address = InetSocketAddress.createUnresolved("127.0.0.1", port);
            CompletableFuture<RunReport> bots = Bots.runAsync(new BotPlan(address, true, Event.Mode.PVE, 6, 100_000, Duration.ofSeconds(8)));

            TimeUnit.SECONDS.sleep(2);
            int victim = fleet.keySet().iterator().next();
            ProcessHandle.of(fleet.get(victim).pid()).orElseThrow().destroyForcibly();
            TimeUnit.SECONDS.sleep(1);
            dispatcher.kill();
            TimeUnit.MILLISECONDS.sleep(500);
            dispatcher = DispatcherProcess.start(dir, port, settings);

            RunReport report = bots.get(60, TimeUnit.SECONDS);
            assertTrue(report.won() > 0, "bots played: " + report.summary());
            // PvE: one bot per battle, and every battle is won, lost, drawn or cut short (by a kill, or while
            // the dispatcher was down): none hangs.
            assertEquals(report.battles(), report.won() + report.lost() + report.drawn() + report.unfinished(),
                    "every battle ended one way or another: " + report.summary());

            Map<Integer, TestDispatcher.Row> after = awaitFleet(port, dir, battlePids, rows -> rows.size() >= 3 && allReady(rows)
                    && rows.values().stream().allMatch(r -> r.load() == 0));
            assertFalse(after.containsKey(victim) && after.get(victim).pid() == fleet.get(victim).pid(), "the dead server is gone");
            for (Map.Entry<Integer, TestDispatcher.Row> survivor : fleet.entrySet()) {
                if (survivor.getKey() != victim) {
                    assertEquals(survivor.getValue().pid(), after.get(survivor.getKey()).pid(), "adopted, not replaced");
                }
            }
            assertTrue(ask(port, "get").startsWith("127.0.0.1:"));
        } finally {
            dispatcher.close();
            // The battle servers outlived their first dispatcher, so they are no longer this JVM's descendants.
            battlePids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    private static boolean allReady(Map<Integer, TestDispatcher.Row> rows) {
        return rows.values().stream().allMatch(r -> r.state().equals("READY"));
    }

    /** Polls {@code stats}, remembering every battle-server pid seen so the test can clean them up. */
    private static Map<Integer, TestDispatcher.Row> awaitFleet(int port, Path dir, Set<Long> pids,
            java.util.function.Predicate<Map<Integer, TestDispatcher.Row>> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Map<Integer, TestDispatcher.Row> rows = TestDispatcher.statsOf(port, dir.resolve("fleet.roster"));
            rows.values().forEach(r -> pids.add(r.pid()));
            if (condition.test(rows)) {
                return rows;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fleet never settled: " + rows);
            }
            Thread.sleep(50);
        }
    }

    private static String ask(int port, String command) throws Exception {
        return gamegrid.support.LineClient.ask(port, command);
    }
}
