package gamegrid.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gamegrid.dispatcher.DispatcherMain;
import gamegrid.fightserver.BattleServerMain;
import gamegrid.mapserver.MapServerMain;
import gamegrid.mapserver.PlayerState;
import gamegrid.protocol.ticket.TicketAuthority;
import gamegrid.support.LineClient;
import gamegrid.support.MapClient;
import gamegrid.support.NetnsHosts;
import gamegrid.support.SpawnedProcessReaper;
import gamegrid.support.SystemdUnit;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * HOST:PORT), started there as their systemd would (the units of config/systemd), registering with the world's
 * secret; players ask from a fourth. When the cable of the host the players were sent to is cut, its servers leave routing within the
 * heartbeat timeout and no {@code get} or {@code map} names them; when the cable returns, the same processes
 * (no restart) are routed again, their stale links no obstacle, and take the players when the other host goes.
 * A map player cut off with its host resumes on the other host from memcached with exactly the state stored, and
 * the cut-off host, mended, drops it without writing over it (protocol/MAP.md, "A host cut off").
 */
@ExtendWith(SpawnedProcessReaper.class)
class MultiHostTest {
    private static final int DISPATCHER = 0;
    private static final int PLAYERS = 3;
    private static final int PORT = 6000;
    private static final int BATTLE_PORT = 7000;
    private static final int MAP_PORT = 8000;
    private static final int MEMCACHED_PORT = 11211;
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
        startWorld();
        // Started on each host as its systemd would: the world's secret, the host's own address.
        List<Process> servers = new ArrayList<>();
        for (int host = 1; host <= 2; host++) {
            servers.add(battleServer(host));
            servers.add(mapServer(host));
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

    @Test
    void aMapPlayerCutOffWithItsHostResumesOnTheOtherHostFromMemcachedWithNothingLostOrDuplicated() throws Exception {
        startWorld();
        // The player walks as fast as the answers come: no speed limit to wait for.
        mapServer(1, "--move-interval=0ms");
        mapServer(2, "--move-interval=0ms");
        awaitServers("the map servers of both hosts in routing", 2, Duration.ofSeconds(40));
        String ticket = new TicketAuthority(SECRET).mint("rin", Instant.now(), Duration.ofMinutes(10)).token();
        String first = ask("map|town").get(0);
        int a = first.equals(hosts.address(1) + ":" + MAP_PORT) ? 1 : 2;
        int b = 3 - a;
        assertEquals(hosts.address(a) + ":" + MAP_PORT, first, this::logs);

        MapClient onA = MapClient.entering(new LineClient(hosts.connect(PLAYERS, hosts.address(a), MAP_PORT)), ticket, null);
        assertEquals("YOU|rin|town|19|8|100|0|0", onA.await("YOU"), this::logs);
        for (String step : List.of("s", "s", "s", "e")) {
            onA.walk(step, 1);
        }
        // Each move is written behind its MOVED: what a cut can keep is what memcached acknowledged.
        await("the last move saved").atMost(Duration.ofSeconds(5)).until(() -> stored().x() == 20 && stored().y() == 11);
        PlayerState before = stored();
        assertEquals(hosts.address(a) + ":" + MAP_PORT, before.owner());

        hosts.cut(a);
        onA.raw().setReadTimeout(1000);
        onA.send("ping");
        assertThrows(SocketTimeoutException.class, () -> onA.await("PONG"), "an answer over a cut cable");
        // The player presses on; this move reaches host A only when its cable is mended (TCP retransmits it).
        onA.send("move|e");
        awaitServers("host A's map server out of routing", 1, HEARTBEAT_TIMEOUT.plusSeconds(3));
        assertEquals(List.of(hosts.address(b) + ":" + MAP_PORT), ask("map|town"), this::logs);

        // Host B takes the player over from memcached: the same state, claimed once (one version more, B the owner).
        try (MapClient onB = MapClient.entering(new LineClient(hosts.connect(PLAYERS, hosts.address(b), MAP_PORT)), ticket, null)) {
            assertEquals("YOU|rin|town|20|11|100|0|0", onB.await("YOU"), this::logs);
            PlayerState resumed = before.onMap(hosts.address(b) + ":" + MAP_PORT).withVersion(before.version() + 1);
            assertEquals(resumed, stored());

            // Host A comes back still holding the player, and the move sent during the cut arrives. Whichever comes
            // first, A's lease check (the state's CAS unique is B's now) or that move (refused while A's store link is
            // down, or taken and its write refused by CAS), A drops the player and writes nothing over B's state.
            hosts.mend(a);
            onA.raw().setReadTimeout(15_000);
            String last;
            do {
                last = assertDoesNotThrow(() -> onA.await("ERR logged in elsewhere"), () -> "host A kept the player it lost" + logs());
            } while (last.startsWith("ERR state store unavailable"));
            assertEquals("ERR logged in elsewhere", last, this::logs);
            assertTrue(onA.closedByServer());
            onA.close();
            awaitServers("host A's map server back in routing", 2, Duration.ofSeconds(30));
            await("one player in the world, on B").atMost(Duration.ofSeconds(10))
                    .until(() -> ask("stats").stream().anyMatch(l -> l.startsWith("kind map ") && l.contains(" players=1 ")));
            assertEquals(resumed, stored(), "host A wrote back a stale copy");
            // B still owns the player: its next move is written, one version on.
            assertEquals("MOVED|rin|21|11", onB.ask("move|e", "MOVED"));
            await("B's move saved").atMost(Duration.ofSeconds(5)).until(() -> stored().equals(resumed.at(21, 11).withVersion(resumed.version() + 1)));
        }
    }

    /** memcached and the dispatcher on their host, which launches nothing: every server comes from another host. */
    private void startWorld() throws Exception {
        Path secretFile = dir.resolve("world.secret");
        Files.writeString(secretFile, SECRET + "\n");
        hosts.start(DISPATCHER, Map.of(), dir.resolve("memcached.log"), List.of("memcached", "-u", "root",
                "-l", hosts.address(DISPATCHER), "-p", Integer.toString(MEMCACHED_PORT), "-M", "-m", "64"));
        hosts.start(DISPATCHER, Map.of(), dir.resolve("dispatcher.log"), java(DispatcherMain.class.getName(),
                "--listen.host=" + hosts.address(DISPATCHER), "--listen.port=" + PORT,
                "--listen.advertised-host=" + hosts.address(DISPATCHER),
                "--security.secret-file=" + secretFile, "--fleet.roster-file=" + dir.resolve("fleet.roster"),
                "--fleet.launch-local=false", "--fleet.min-servers=0", "--fleet.warm-spares=0",
                "--fleet.heartbeat-timeout=" + HEARTBEAT_TIMEOUT.toMillis() + "ms",
                "--map.maps=town", "--map.launch-local=false", "--map.warm-spares=0", "--map.heartbeat-timeout=" + HEARTBEAT_TIMEOUT.toMillis() + "ms"));
        await().atMost(Duration.ofSeconds(30)).until(() -> log("dispatcher.log").contains("READY dispatcher"));
    }

    /** A battle server on {@code host}, started with the arguments of its unit for other hosts' systemd. */
    private Process battleServer(int host) throws IOException {
        return startFromUnit(host, "gamegrid-battleserver@.service", BattleServerMain.class, BATTLE_PORT, "battle-" + host + ".log");
    }

    /** A map server of town on {@code host}, started so; {@code more} settings after the unit's (the last one counts). */
    private Process mapServer(int host, String... more) throws IOException {
        return startFromUnit(host, "gamegrid-mapserver@.service", MapServerMain.class, MAP_PORT, "map-" + host + ".log", more);
    }

    /**
     * Starts {@code main} in {@code host} with the arguments of {@code unit}'s ExecStart for instance {@code port},
     * the environment its EnvironmentFile would give on that host (config/systemd/host.env.example), and a quick
     * heartbeat, so that a cut cable is noticed within the test's heartbeat timeout.
     */
    private Process startFromUnit(int host, String unit, Class<?> main, int port, String log, String... more) throws IOException {
        Map<String, String> env = Map.of(TicketAuthority.SECRET_ENV, SECRET, "GAMEGRID_HOST", hosts.address(host),
                "GAMEGRID_DISPATCHER", dispatcher(), "GAMEGRID_MEMCACHED", hosts.address(DISPATCHER) + ":" + MEMCACHED_PORT,
                "GAMEGRID_MAPS", "town");
        List<String> command = java(main.getName());
        command.addAll(SystemdUnit.named(unit).arguments(main.getName(), Integer.toString(port), env));
        command.add("--heartbeat-interval=300ms");
        command.addAll(List.of(more));
        return hosts.start(host, env, dir.resolve(log), command);
    }

    private String dispatcher() {
        return hosts.address(DISPATCHER) + ":" + PORT;
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

    /** The player's state as memcached holds it, read from the players' host. */
    private PlayerState stored() throws Exception {
        List<String> reply = hosts.ask(PLAYERS, hosts.address(DISPATCHER), MEMCACHED_PORT, "get " + PlayerState.key("rin") + "\r\nquit\r", 3000);
        if (reply.size() < 2 || !reply.get(0).startsWith("VALUE ")) {
            throw new AssertionError("no stored state: " + reply);
        }
        return PlayerState.decode(reply.get(1).strip());
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
