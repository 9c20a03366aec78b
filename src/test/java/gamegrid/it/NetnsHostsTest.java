package gamegrid.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gamegrid.support.LineClient;
import gamegrid.support.NetnsHosts;
import gamegrid.support.SpawnedProcessReaper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The harness of the multi-host tests: hosts reach each other over their bridge, lose each other when a cable is cut, and leave nothing behind. */
@ExtendWith(SpawnedProcessReaper.class)
class NetnsHostsTest {

    @Test
    void hostsTalkOverTheirBridgeLoseEachOtherWhenACableIsCutAndLeaveNothingBehind(@TempDir Path dir) throws Exception {
        String unavailable = NetnsHosts.unavailableReason();
        assumeTrue(unavailable == null, () -> "skipped: " + unavailable);
        NetnsHosts hosts = NetnsHosts.create(2);
        List<String> namespaces = hosts.namespaces();
        Process memcached;
        try {
            memcached = hosts.start(0, Map.of(), dir.resolve("memcached.log"),
                    List.of("memcached", "-u", "root", "-l", hosts.address(0), "-p", "11211"));
            // "quit" makes memcached close the connection, so the answer ends there.
            await().atMost(Duration.ofSeconds(10)).until(() -> version(hosts).startsWith("VERSION"));
            // A connection of this JVM from inside host 1, for clients that keep one open: closed when the peer closes.
            try (LineClient fromHost = new LineClient(hosts.connect(1, hosts.address(0), 11211))) {
                assertTrue(fromHost.request("version\r").startsWith("VERSION"));
                fromHost.send("quit\r\n");
                assertTrue(fromHost.closedByServer());
            }

            hosts.cut(0);
            assertFalse(version(hosts).startsWith("VERSION"), "an answer over a cut cable");

            hosts.mend(0);
            await().atMost(Duration.ofSeconds(10)).until(() -> version(hosts).startsWith("VERSION"));
        } finally {
            hosts.close();
        }
        assertFalse(memcached.isAlive());
        assertEquals(List.of(), hosts.namespaces());
        String left = new String(new ProcessBuilder("ip", "netns", "list").start().getInputStream().readAllBytes());
        namespaces.forEach(ns -> assertFalse(left.contains(ns), ns + " left behind"));
        assertFalse(Files.readString(dir.resolve("memcached.log")).contains("failed"));
    }

    private static String version(NetnsHosts hosts) throws Exception {
        List<String> lines = hosts.ask(1, hosts.address(0), 11211, "version\r\nquit\r", 1500);
        return lines.isEmpty() ? "" : lines.get(0);
    }
}
