package gamegrid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.fightserver.bot.BotPlan;
import gamegrid.fightserver.bot.RunReport;
import gamegrid.protocol.battle.Event;
import gamegrid.support.Bots;
import gamegrid.support.LineClient;
import gamegrid.support.SpawnedProcessReaper;
import gamegrid.support.TestDispatcher;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Dispatcher, spawned battle servers and bots together: battles complete and the loads add up. */
@ExtendWith(SpawnedProcessReaper.class)
class EndToEndTest {
    private static final int MAX_PLAYERS = 6;

    @TempDir
    Path dir;

    @Test
    void botsPlayFullBattlesThroughTheDispatcherAndTheLoadsMatchThePlayers() throws Exception {
        try (TestDispatcher dispatcher = TestDispatcher.start(dir, "fleet.max-players", String.valueOf(MAX_PLAYERS),
                "fleet.min-servers", "1", "fleet.max-servers", "4", "fleet.reservation-timeout", "2s",
                "fleet.first-port", String.valueOf(20_000 + (int) (ProcessHandle.current().pid() % 20_000)))) {
            int first = dispatcher.awaitStats(rows -> rows.size() == 1 && rows.values().iterator().next().state().equals("READY"))
                    .keySet().iterator().next();
            // Two players seated and waiting for opponents: the dispatcher must count exactly them.
            try (LineClient a = new LineClient(first); LineClient b = new LineClient(first)) {
                assertEquals("QUEUED", a.request("pvp|e2e-a"));
                assertEquals("QUEUED", b.request("pvp|e2e-b"));
                dispatcher.awaitStats(rows -> rows.get(first).load() == 2);

                InetSocketAddress address = InetSocketAddress.createUnresolved("127.0.0.1", dispatcher.port());
                CompletableFuture<RunReport> pve = Bots.runAsync(new BotPlan(address, true, Event.Mode.PVE, 4, 12, Duration.ofSeconds(60)));
                CompletableFuture<RunReport> pvp = Bots.runAsync(new BotPlan(address, true, Event.Mode.PVP, 3, 9, Duration.ofSeconds(60)));
                while (!(pve.isDone() && pvp.isDone())) {
                    for (TestDispatcher.Row row : dispatcher.stats().values()) {
                        assertTrue(row.load() >= 0 && row.load() <= MAX_PLAYERS, "load within bounds: " + row);
                    }
                    Thread.sleep(20);
                }
                RunReport pveReport = pve.get(5, TimeUnit.SECONDS);
                RunReport pvpReport = pvp.get(5, TimeUnit.SECONDS);
                assertEquals(0, pveReport.errors(), pveReport.summary() + " " + pveReport.errorSamples());
                assertEquals(0, pvpReport.errors(), pvpReport.summary() + " " + pvpReport.errorSamples());
                assertEquals(12, pveReport.battles());
                assertEquals(12, pveReport.won() + pveReport.lost() + pveReport.drawn());
                assertEquals(9, pvpReport.battles());
                assertEquals(18, pvpReport.won() + pvpReport.lost() + pvpReport.drawn());
                assertTrue(dispatcher.stats().size() > 1, "the load needed more than one server of " + MAX_PLAYERS);

                // Every bot's seat has been given back; only the two waiting players remain.
                Map<Integer, TestDispatcher.Row> settled = dispatcher.awaitStats(rows ->
                        rows.values().stream().mapToInt(TestDispatcher.Row::load).sum() == 2);
                assertEquals(2, settled.get(first).load());
            }
            dispatcher.awaitStats(rows -> rows.values().stream().allMatch(r -> r.load() == 0));
        }
    }
}
