package gamegrid.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.fightserver.BattleServerMain;
import gamegrid.protocol.ticket.TicketAuthority;
import gamegrid.protocol.dispatch.Request;
import gamegrid.protocol.link.ServerExit;
import gamegrid.support.DispatcherProcess;
import gamegrid.support.LineClient;
import gamegrid.support.SpawnedProcessReaper;
import gamegrid.support.TestDispatcher;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Who the dispatcher trusts and when it says it is ready, with real JVMs (issue 9, findings 6 and 7). */
@ExtendWith(SpawnedProcessReaper.class)
class FleetTrustTest {
    @TempDir
    Path dir;

    @Test
    void aBattleServerWhoseCredentialNoDispatcherKnowsExitsInsteadOfRetryingForever() throws Exception {
        // As after a restart that lost the run folder: the server holds a credential of a fleet that is gone.
        try (TestDispatcher dispatcher = TestDispatcher.start(dir)) {
            int port = DispatcherProcess.freePort();
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    BattleServerMain.class.getName(), "--port=" + port, "--dispatcher=127.0.0.1:" + dispatcher.port())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("orphan.log").toFile());
            builder.environment().put(Request.Register.CREDENTIAL_ENV, "credential-of-a-lost-fleet");
            Process orphan = builder.start();
            assertTrue(orphan.waitFor(30, TimeUnit.SECONDS), "the refused server exits by itself");
            assertEquals(ServerExit.REFUSED, orphan.exitValue());
            assertTrue(dispatcher.stats().isEmpty(), "and was never routed");
        }
    }

    @Test
    void theReadyLineComesOnlyWhenAGetCanBeAnsweredAtOnce() throws Exception {
        int port = DispatcherProcess.freePort();
        try (DispatcherProcess dispatcher = DispatcherProcess.start(dir, port, "fleet.min-servers", "1",
                "fleet.first-port", String.valueOf(20_000 + port % 20_000), "fleet.spare-high-water", "0")) {
            // No sleep, no retry: straight after READY.
            assertEquals("OK ready", LineClient.ask(port, "health"));
            String endpoint = LineClient.ask(port, "get");
            assertTrue(endpoint.startsWith("127.0.0.1:"), endpoint);
            try (LineClient client = new LineClient(port)) {
                String header = client.request("stats");
                List<String> rows = client.readLines(Integer.parseInt(header.substring("STATS ".length())));
                assertTrue(rows.stream().anyMatch(r -> r.startsWith("server battle") && r.contains(" READY ")), rows.toString());
            }
        }
    }

    @Test
    void aServerStartedByAnotherInitSystemIsRoutedAfterAllocationAndDrainedNotSignalled() throws Exception {
        try (TestDispatcher dispatcher = TestDispatcher.start(dir, "fleet.launch-local", "false", "fleet.min-servers", "0")) {
            int port = DispatcherProcess.freePort();
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    BattleServerMain.class.getName(), "--port=" + port, "--advertised-host=127.0.0.2",
                    "--heartbeat-interval=200ms", "--dispatcher=127.0.0.1:" + dispatcher.port())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("remote.log").toFile());
            builder.environment().put(TicketAuthority.SECRET_ENV, dispatcher.secret());
            Process remote = builder.start();
            try {
                await().atMost(30, TimeUnit.SECONDS).until(() -> LineClient.ask(dispatcher.port(), "stats")
                        .startsWith("STATS 2"));
                assertEquals("127.0.0.2:" + port, dispatcher.ask("get"), "routed by its advertised address, once allocated");
                dispatcher.close(); // stop with the fleet: a server not launched here is drained, never signalled
                assertTrue(remote.waitFor(30, TimeUnit.SECONDS), "it exits by itself after the drain");
                assertEquals(0, remote.exitValue());
            } finally {
                remote.destroyForcibly();
            }
        }
    }

    @Test
    void aBattleServerWhoseDispatcherNeverComesBackExitsOnceItIsAnOrphan() throws Exception {
        int nobody = DispatcherProcess.freePort(); // no dispatcher listens there
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                BattleServerMain.class.getName(), "--port=" + DispatcherProcess.freePort(), "--orphan-timeout=1s",
                "--dispatcher=127.0.0.1:" + nobody)
                .redirectErrorStream(true).redirectOutput(dir.resolve("orphan-timeout.log").toFile());
        builder.environment().put(Request.Register.CREDENTIAL_ENV, "credential-of-a-dead-dispatcher");
        Process orphan = builder.start();
        try {
            assertTrue(orphan.waitFor(30, TimeUnit.SECONDS), "an empty server with no dispatcher gives up");
            assertEquals(ServerExit.REFUSED, orphan.exitValue());
        } finally {
            orphan.destroyForcibly();
        }
    }
}
