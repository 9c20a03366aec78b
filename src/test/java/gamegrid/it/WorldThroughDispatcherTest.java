package gamegrid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.fightserver.bot.WorldPlan;
import gamegrid.fightserver.bot.WorldReport;
import gamegrid.fightserver.bot.WorldRun;
import gamegrid.support.DispatcherProcess;
import gamegrid.support.LineClient;
import gamegrid.support.MemcachedProcess;
import gamegrid.support.SpawnedProcessReaper;
import gamegrid.support.TestDispatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole world for real: a dispatcher that starts a map server per map on the first {@code map|MAPID} and
 * battle servers on {@code get}, all on one memcached, walked by world bots that cross every portal they
 * reach and fight what attacks them; nothing lost or duplicated.
 */
@ExtendWith(SpawnedProcessReaper.class)
class WorldThroughDispatcherTest {
    @TempDir
    Path dir;

    @Test
    void worldBotsWalkMapServersAndFightOnBattleServersThatTheDispatcherStarts() throws Exception {
        try (MemcachedProcess memcached = MemcachedProcess.start();
             // Four bots that walk and fight as fast as they can: many players' worth of seats from one address.
             TestDispatcher dispatcher = TestDispatcher.startForLoad(dir,
                     "map.maps", "town,forest,cave,lake", "map.drain-timeout", "5s",
                     // Five JVMs start at once: on a busy 2-core machine that takes longer than the 15 s default.
                     "map.start-timeout", "60s", "fleet.start-timeout", "60s",
                     "map.first-port", String.valueOf(freeBlock(4)),
                     "map.options", "--memcached=" + memcached.address() + " --move-interval=0ms --encounter-percent=30",
                     "fleet.first-port", String.valueOf(freeBlock(2)),
                     "fleet.options", "--memcached=" + memcached.address())) {
            // Every map's server is started at once, as JVM starts on a busy machine take seconds each.
            List<CompletableFuture<String>> started = Stream.of("map|town", "map|forest", "map|cave", "map|lake", "get")
                    .map(ask -> CompletableFuture.supplyAsync(() -> answer(dispatcher, ask))).toList();
            started.forEach(answer -> assertTrue(answer.join().startsWith("127.0.0.1:"), answer.join()));
            WorldPlan plan = new WorldPlan(new InetSocketAddress("127.0.0.1", dispatcher.port()), 4, Duration.ofSeconds(6),
                    Duration.ofMillis(5), dispatcher.secret(), Path.of("config/maps"), "town");
            WorldReport report = WorldRun.run(plan);
            assertEquals(0, report.errors(), report.summary() + " " + report.errorSamples());
            assertEquals(0, report.mismatches(), report.summary() + " " + report.errorSamples());
            assertTrue(report.handoffs() > 0, report.summary());
            assertTrue(report.battles() > 0, report.summary());
            try (LineClient stats = new LineClient(dispatcher.port())) {
                String header = stats.request("stats");
                List<String> rows = stats.readLines(Integer.parseInt(header.substring("STATS ".length())));
                assertTrue(rows.stream().anyMatch(row -> row.startsWith("server map")), rows.toString());
            }
        }
    }

    /** The first of {@code count} consecutive ports that were all free a moment ago (the dispatcher counts up from it). */
    private static int freeBlock(int count) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int first = DispatcherProcess.freePort();
            if (first + count > 65_535) {
                continue;
            }
            boolean free = true;
            for (int port = first + 1; port < first + count && free; port++) {
                try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    free = probe.isBound();
                } catch (IOException taken) {
                    free = false;
                }
            }
            if (free) {
                return first;
            }
        }
        throw new IOException("no block of " + count + " free ports");
    }

    /** The dispatcher's answer, which for a server it must start first can take longer than a busy machine's JVM start. */
    private static String answer(TestDispatcher dispatcher, String command) {
        try (LineClient client = new LineClient(dispatcher.port())) {
            client.setReadTimeout(60_000);
            return client.request(command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
