package gamegrid.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gamegrid.dispatcher.DispatcherMain;
import gamegrid.fightserver.BattleServerMain;
import gamegrid.mapserver.MapServerMain;
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
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distribution across hosts, for real on one machine: the dispatcher and memcached in one network namespace,
 * a battle server and a map server on each of two others (the same ports on both: a server is its advertised
 * HOST:PORT), started there as an init system would, registering with the world's secret; players ask from a
 * fourth. When the cable of the host the players were sent to is cut, its servers leave routing within the
 * heartbeat timeout and no {@code get} or {@code map} names them; when the cable returns, the same processes
 * (no restart) are routed again, their stale links no obstacle, and take the players when the other host goes.
 */
@ExtendWith(SpawnedProcessReaper.class)
class MultiHostTest {
    private static final int DISPATCHER = 0;
    private static final int PLAYERS = 3;
    private static final int PORT = 6000;
    private static final int BATTLE_PORT = 7000;
    private static final int MAP_PORT = 8000;
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
        String dispatcher = hosts.address(DISPATCHER) + ":" + PORT;
        String memcached = hosts.address(DISPATCHER) + ":11211";
        hosts.start(DISPATCHER, Map.of(), dir.resolve("memcached.log"),
                List.of("memcached", "-u", "root", "-l", hosts.address(DISPATCHER), "-p", "11211", "-M", "-m", "64"));
        hosts.start(DISPATCHER, Map.of(), dir.resolve("dispatcher.log"), java(DispatcherMain.class.getName(),
                "--listen.host=" + hosts.address(DISPATCHER), "--listen.port=" + PORT,
                "--listen.advertised-host=" + hosts.address(DISPATCHER),
                "--security.secret-file=" + secretFile, "--fleet.roster-file=" + dir.resolve("fleet.roster"),
                "--fleet.launch-local=false", "--fleet.min-servers=0", "--fleet.warm-spares=0",
                "--fleet.heartbeat-timeout=" + HEARTBEAT_TIMEOUT.toMillis() + "ms",
                "--map.maps=town", "--map.launch-local=false", "--map.warm-spares=0", "--map.heartbeat-timeout=" + HEARTBEAT_TIMEOUT.toMillis() + "ms"));
        await().atMost(Duration.ofSeconds(30)).until(() -> log("dispatcher.log").contains("READY dispatcher"));

        // Started on each host as its init system would: the world's secret, the host's own address.
        List<Process> servers = new ArrayList<>();
        for (int host = 1; host <= 2; host++) {
            String own = "--advertised-host=" + hosts.address(host);
            servers.add(hosts.start(host, Map.of(TicketAuthority.SECRET_ENV, SECRET), dir.resolve("battle-" + host + ".log"),
                    java(BattleServerMain.class.getName(), "--host=" + hosts.address(host), "--port=" + BATTLE_PORT, own,
                            "--dispatcher=" + dispatcher, "--heartbeat-interval=300ms")));
            servers.add(hosts.start(host, Map.of(TicketAuthority.SECRET_ENV, SECRET), dir.resolve("map-" + host + ".log"),
                    java(MapServerMain.class.getName(), "--config=config/mapserver.properties", "--host=" + hosts.address(host),
                            "--port=" + MAP_PORT, own, "--maps=town", "--memcached=" + memcached, "--dispatcher=" + dispatcher,
                            "--heartbeat-interval=300ms")));
        }
        awaitServers("battle and map servers of both hosts in routing", 4, Duration.ofSeconds(40));
        // Players fill allocated servers before another is allocated: the first ones all land on one host.
        Set<String> first = answers(3);
        int busy = first.equals(serversOf(1)) ? 1 : 2;
        int other = 3 - busy;
        assertEquals(serversOf(busy), first, this::logs);

        hosts.cut(busy);
        long cutAt = System.nanoTime();
        awaitServers("the cut-off host's servers out of routing", 2, HEARTBEAT_TIMEOUT.plusSeconds(3));
        long leftMs = (System.nanoTime() - cutAt) / 1_000_000;
        assertTrue(leftMs <= HEARTBEAT_TIMEOUT.plusMillis(1500).toMillis(), "left routing after " + leftMs + " ms");
        assertEquals(serversOf(other), answers(5), "a player sent to a server that cannot be reached");

        hosts.mend(busy);
        awaitServers("the mended host's servers back in routing", 4, Duration.ofSeconds(30));
        // Proof that they are routed again, not only listed: with the other host cut off, they take the players.
        hosts.cut(other);
        awaitServers("the other host's servers out of routing", 2, HEARTBEAT_TIMEOUT.plusSeconds(3));
        assertEquals(serversOf(busy), answers(5), this::logs);
        // The same processes all along: rejoining took no restart, and the dispatcher signalled none of them.
        servers.forEach(p -> assertTrue(p.isAlive(), this::logs));
    }

    /** Waits until {@code stats} shows {@code ready} servers in routing; on a timeout, fails with every log of the run. */
    private void awaitServers(String what, int ready, Duration limit) {
        try {
            await(what).atMost(limit).until(() -> readyServers() == ready);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(what + ": not within " + limit + "; stats " + statsOrError() + logs(), e);
        }
    }

    private List<String> statsOrError() {
        try {
            return ask("stats");
        } catch (Exception e) {
            return List.of(e.toString());
        }
    }

    /**
     * The {@code server ...} rows of {@code stats}, asked from the players' host, that are in routing: READY, or
     * STANDBY (registered and empty, allocated by the first request routed to it).
     */
    private long readyServers() throws Exception {
        return ask("stats").stream().filter(l -> l.startsWith("server battle ") || l.startsWith("server map "))
                .filter(l -> l.contains(" READY ") || l.contains(" STANDBY ")).count();
    }

    private Set<String> serversOf(int host) {
        return Set.of(hosts.address(host) + ":" + BATTLE_PORT, hosts.address(host) + ":" + MAP_PORT);
    }

    /** What {@code count} players asking {@code get} and {@code count} asking {@code map|town} were sent to. */
    private Set<String> answers(int count) throws Exception {
        Set<String> answers = new HashSet<>();
        for (int i = 0; i < count; i++) {
            answers.addAll(ask("get"));
            answers.addAll(ask("map|town"));
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
