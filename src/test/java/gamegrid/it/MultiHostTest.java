package gamegrid.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gamegrid.dispatcher.DispatcherMain;
import gamegrid.fightserver.BattleServerMain;
import gamegrid.protocol.ticket.TicketAuthority;
import gamegrid.support.NetnsHosts;
import gamegrid.support.SpawnedProcessReaper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distribution across hosts, for real on one machine: the dispatcher in one network namespace, a battle server
 * on each of two others (both on port 7000: a server is its advertised HOST:PORT), started there by hand as an
 * init system would, registering with the world's secret; players ask from a fourth. When a host's cable is
 * cut, its server leaves routing within the heartbeat timeout and no {@code get} names it; when the cable
 * returns, the same process (no restart) is routed again, its stale link no obstacle.
 */
@ExtendWith(SpawnedProcessReaper.class)
class MultiHostTest {
    private static final int DISPATCHER = 0;
    private static final int PLAYERS = 3;
    private static final int PORT = 6000;
    private static final int BATTLE_PORT = 7000;
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(2);
    private static final String SECRET = "netns-world-secret";

    @TempDir
    Path dir;
    private NetnsHosts hosts;

    @BeforeEach
    void hosts() throws Exception {
        String unavailable = NetnsHosts.unavailableReason();
        assumeTrue(unavailable == null, () -> "skipped: " + unavailable);
        hosts = NetnsHosts.create(4);
    }

    @AfterEach
    void cleanUp() {
        if (hosts != null) {
            hosts.close();
        }
    }

    @Test
    void aHostCutOffLeavesRoutingWithinTheHeartbeatTimeoutAndRejoinsWithoutARestart() throws Exception {
        Path secretFile = dir.resolve("world.secret");
        Files.writeString(secretFile, SECRET + "\n");
        hosts.start(DISPATCHER, Map.of(), dir.resolve("dispatcher.log"), java(DispatcherMain.class.getName(),
                "--listen.host=" + hosts.address(DISPATCHER), "--listen.port=" + PORT,
                "--listen.advertised-host=" + hosts.address(DISPATCHER),
                "--security.secret-file=" + secretFile, "--fleet.roster-file=" + dir.resolve("fleet.roster"),
                "--fleet.launch-local=false", "--fleet.min-servers=0", "--fleet.warm-spares=0",
                "--fleet.heartbeat-timeout=" + HEARTBEAT_TIMEOUT.toMillis() + "ms"));
        await().atMost(Duration.ofSeconds(30)).until(() -> log("dispatcher.log").contains("READY dispatcher"));

        List<Process> battle = new ArrayList<>();
        for (int host = 1; host <= 2; host++) {
            battle.add(hosts.start(host, Map.of(TicketAuthority.SECRET_ENV, SECRET), dir.resolve("battle-" + host + ".log"),
                    java(BattleServerMain.class.getName(), "--host=" + hosts.address(host), "--port=" + BATTLE_PORT,
                            "--advertised-host=" + hosts.address(host), "--dispatcher=" + hosts.address(DISPATCHER) + ":" + PORT,
                            "--heartbeat-interval=300ms")));
        }
        String near = hosts.address(1) + ":" + BATTLE_PORT;
        String far = hosts.address(2) + ":" + BATTLE_PORT;
        await("both battle servers routed").atMost(Duration.ofSeconds(30)).until(() -> readyServers() == 2);
        assertEquals(Set.of(near, far), gets(6), this::logs);

        hosts.cut(2);
        long cutAt = System.nanoTime();
        await("the cut-off server out of routing").atMost(HEARTBEAT_TIMEOUT.plusSeconds(3)).until(() -> readyServers() == 1);
        long leftMs = (System.nanoTime() - cutAt) / 1_000_000;
        assertTrue(leftMs <= HEARTBEAT_TIMEOUT.plusMillis(1500).toMillis(), "left routing after " + leftMs + " ms");
        assertEquals(Set.of(near), gets(10), "a get answered with a server that cannot be reached");

        hosts.mend(2);
        await("the server routed again").atMost(Duration.ofSeconds(20)).until(() -> readyServers() == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> gets(6).contains(far));
        // The same processes all along: rejoining took no restart, and the dispatcher signalled none of them.
        battle.forEach(p -> assertTrue(p.isAlive(), this::logs));
    }

    /** The {@code server ...} rows of {@code stats}, asked from the players' host, that are READY. */
    private long readyServers() throws Exception {
        return ask("stats").stream().filter(l -> l.startsWith("server battle") && l.contains(" READY ")).count();
    }

    private Set<String> gets(int count) throws Exception {
        Set<String> answers = new HashSet<>();
        for (int i = 0; i < count; i++) {
            answers.addAll(ask("get"));
        }
        return answers;
    }

    private List<String> ask(String command) throws Exception {
        return hosts.ask(PLAYERS, hosts.address(DISPATCHER), PORT, command, 3000);
    }

    private static List<String> java(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return command;
    }

    private String log(String name) throws IOException {
        Path file = dir.resolve(name);
        return Files.exists(file) ? Files.readString(file) : "";
    }

    /** Every log of the run, for a failure message. */
    private String logs() {
        StringBuilder out = new StringBuilder();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                String text = Files.readString(file);
                out.append("\n--- ").append(file.getFileName()).append('\n').append(text, Math.max(0, text.length() - 4000), text.length());
            }
        } catch (IOException e) {
            out.append(e);
        }
        return out.toString();
    }
}
