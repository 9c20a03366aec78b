package gamegrid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gamegrid.support.DispatcherProcess;
import gamegrid.support.LineClient;
import gamegrid.support.SpawnedProcessReaper;
import gamegrid.support.TestDispatcher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A dispatcher restart keeps battle servers and their players: the new dispatcher adopts them. */
@ExtendWith(SpawnedProcessReaper.class)
class DispatcherRestartTest {
    @TempDir
    Path dir;

    @Test
    void aRestartedDispatcherAdoptsTheRunningServersWithTheirLoadsInsteadOfStartingNewOnes() throws Exception {
        int port = DispatcherProcess.freePort();
        String[] settings = {"listen.port", String.valueOf(port), "fleet.min-servers", "1", "fleet.max-players", "10",
                "fleet.first-port", String.valueOf(20_000 + (port % 20_000)), "fleet.adopt-window", "3s"};
        List<LineClient> players = new ArrayList<>();
        TestDispatcher second = null;
        try (TestDispatcher first = TestDispatcher.start(dir, settings)) {
            Map<Integer, TestDispatcher.Row> before = first.awaitStats(rows -> rows.size() == 1
                    && rows.values().iterator().next().state().equals("READY"));
            int battlePort = before.keySet().iterator().next();
            for (int i = 0; i < 3; i++) {
                LineClient player = new LineClient(battlePort);
                assertEquals("QUEUED", player.request("pvp|restart" + i)); // each waits in a room of its own, seated
                players.add(player);
            }
            first.awaitStats(rows -> rows.get(battlePort).load() == 3);
            first.stopLeavingFleet();

            second = TestDispatcher.start(dir, settings);
            Map<Integer, TestDispatcher.Row> after = second.awaitStats(rows -> rows.size() == 1
                    && rows.values().iterator().next().state().equals("READY"));
            TestDispatcher.Row row = after.get(battlePort);
            assertEquals(before.get(battlePort).pid(), row.pid(), "the same process, not a new one");
            assertEquals(3, row.load(), "the load survives the restart");
            // The players' connections were never touched.
            for (LineClient player : players) {
                assertEquals("PONG", player.request("ping"));
            }
            players.get(0).close();
            second.awaitStats(rows -> rows.get(battlePort).load() == 2);
            assertEquals("127.0.0.1:" + battlePort, second.ask("get"));
            // No second server was started during or after the adoption window.
            TimeUnit.MILLISECONDS.sleep(3_500);
            assertEquals(1, second.stats().size());
        } finally {
            for (LineClient player : players) {
                player.close();
            }
            if (second != null) {
                second.close();
            }
        }
    }
}
