package gamegrid.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.fightserver.BattleServerMain;
import gamegrid.protocol.agones.AgonesSdk;
import gamegrid.protocol.ticket.TicketAuthority;
import gamegrid.support.DispatcherProcess;
import gamegrid.support.FakeAgonesSidecar;
import gamegrid.support.SpawnedProcessReaper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real battle-server JVM under Agones (its SDK sidecar stood in for by a local HTTP server, its dispatcher by
 * a loopback socket): it listens where Agones placed it, is Ready once listening, pings Health, answers
 * ALLOCATE after its SDK Allocate, and after a DRAIN calls Shutdown and exits.
 */
@ExtendWith(SpawnedProcessReaper.class)
class AgonesBattleServerTest {

    @Test
    void aBattleServerUnderAgonesTellsItsWholeLifeToTheSdk(@TempDir Path dir) throws Exception {
        int placedPort = DispatcherProcess.freePort();
        try (FakeAgonesSidecar sidecar = new FakeAgonesSidecar();
             ServerSocket dispatcher = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            sidecar.gameServer("{\"object_meta\":{\"name\":\"gamegrid-battle-x1\"},\"status\":{\"state\":\"Scheduled\","
                    + "\"address\":\"127.0.0.1\",\"ports\":[{\"name\":\"battle\",\"port\":" + placedPort + "}]}}");
            dispatcher.setSoTimeout(30_000);
            Path log = dir.resolve("battle.log");
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    BattleServerMain.class.getName(), "--dispatcher=127.0.0.1:" + dispatcher.getLocalPort(), "--heartbeat-interval=200ms")
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put(AgonesSdk.HTTP_PORT_ENV, Integer.toString(sidecar.port()));
            builder.environment().put(TicketAuthority.SECRET_ENV, "world-secret");
            Process server = builder.start();
            try (Socket link = dispatcher.accept()) {
                link.setSoTimeout(30_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(link.getInputStream(), StandardCharsets.UTF_8));
                OutputStream out = link.getOutputStream();
                String register = in.readLine();
                assertTrue(register.startsWith("register|battle|127.0.0.1:" + placedPort + "|world-secret|0|"), register);
                new Socket(InetAddress.getLoopbackAddress(), placedPort).close(); // it listens where Agones placed it
                out.write("OK registered\n".getBytes(StandardCharsets.UTF_8));

                await().atMost(Duration.ofSeconds(10)).until(() -> sidecar.calls("/health").size() >= 2);
                assertEquals(1, sidecar.calls("/ready").size());

                out.write("ALLOCATE\n".getBytes(StandardCharsets.UTF_8));
                assertEquals("allocated|" + placedPort, nextNonPing(in));
                assertEquals(1, sidecar.calls("/allocate").size());

                out.write("DRAIN\n".getBytes(StandardCharsets.UTF_8));
                assertTrue(server.waitFor(20, TimeUnit.SECONDS), () -> "still running after DRAIN:\n" + read(log));
            }
            assertEquals(0, server.exitValue(), () -> read(log));
            assertEquals(1, sidecar.calls("/shutdown").size());
            List<String> paths = sidecar.calls().stream().map(FakeAgonesSidecar.Call::path).toList();
            assertEquals("/gameserver", paths.get(0), paths::toString); // placed before it binds
            assertTrue(paths.indexOf("/ready") < paths.indexOf("/health"), paths::toString);
            assertTrue(paths.indexOf("/allocate") < paths.indexOf("/shutdown"), paths::toString);
        }
    }

    private static String nextNonPing(BufferedReader in) throws Exception {
        String line;
        do {
            line = in.readLine();
        } while ("ping".equals(line));
        return line;
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
