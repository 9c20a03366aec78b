package gamegrid.support;

import gamegrid.dispatcher.DispatcherConfig;
import gamegrid.dispatcher.DispatcherServer;
import gamegrid.dispatcher.StartupException;
import gamegrid.protocol.config.Settings;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real dispatcher on a loopback port chosen by the OS, configured for tests: its secret and battle
 * server logs live in a temporary folder, and {@link #close()} stops it and every battle server it spawned.
 */
public final class TestDispatcher implements AutoCloseable {
    private static final Pattern ROW = Pattern.compile("server battle [^ ]+:(\\d+) (\\w+) load=(\\d+) reserved=(\\d+) uptime=\\d+");

    private final DispatcherServer server;
    private final Path dir;
    private final String secret;

    private TestDispatcher(DispatcherServer server, Path dir, String secret) {
        this.server = server;
        this.dir = dir;
        this.secret = secret;
    }

    /** Starts a dispatcher in {@code dir} with the test defaults, overridden by {@code settings} ("key", "value", ...). */
    public static TestDispatcher start(Path dir, String... settings) throws IOException {
        Map<String, String> values = new HashMap<>();
        values.put("listen.port", "0");
        values.put("admin.port", "0");
        values.put("fleet.adopt-window", "0ms");
        values.put("fleet.min-servers", "0");
        values.put("fleet.spare-high-water", "0");
        values.put("security.secret-file", dir.resolve("dispatcher.secret").toString());
        values.put("fleet.roster-file", dir.resolve("fleet.roster").toString());
        values.put("launch.log-dir", dir.resolve("logs").toString());
        values.put("launch.jvm-options", "-Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        values.put("launch.heartbeat-interval", "200ms");
        values.put("fleet.heartbeat-timeout", "30s"); // stand-in links in tests do not heart-beat
        values.put("fleet.drain-timeout", "5s");
        for (int i = 0; i + 1 < settings.length; i += 2) {
            values.put(settings[i], settings[i + 1]);
        }
        DispatcherConfig config = DispatcherConfig.from(Settings.read(new StringReader(""), values));
        DispatcherServer server = new DispatcherServer(config);
        try {
            server.start();
        } catch (StartupException e) {
            throw new IOException(e.getMessage(), e);
        }
        return new TestDispatcher(server, dir, Files.readString(dir.resolve("dispatcher.secret")).strip());
    }

    /**
     * {@link #start} with the fair-share limits lifted (seats and connections per client), for load from
     * one machine that plays the part of many clients: benchmarks.
     */
    public static TestDispatcher startForLoad(Path dir, String... settings) throws IOException {
        String[] all = Arrays.copyOf(LOAD_LIMITS, LOAD_LIMITS.length + settings.length);
        System.arraycopy(settings, 0, all, LOAD_LIMITS.length, settings.length);
        return start(dir, all);
    }

    /** The settings {@link #startForLoad} adds. */
    public static final String[] LOAD_LIMITS = {"limits.max-seats-per-connection", "2000000000",
            "limits.max-seats-per-address", "2000000000", "limits.max-connections-per-address", "1000000"};

    public int port() {
        return server.port();
    }

    /** The admin HTTP port: metrics, the status page. */
    public int adminPort() {
        return server.adminPort();
    }

    public String secret() {
        return secret;
    }

    public Path logDir() {
        return dir.resolve("logs");
    }

    public String ask(String command) throws IOException {
        return LineClient.ask(port(), command);
    }

    /** The dispatcher's battle servers through its own {@code stats} command: port -> row. */
    public Map<Integer, Row> stats() throws IOException {
        return statsOf(port(), dir.resolve("fleet.roster"));
    }

    /**
     * The battle servers of any dispatcher on this machine, through {@code stats}, with the pid of each that
     * dispatcher launched from its roster ({@code stats} shows no pids; 0 for a server it did not launch).
     */
    public static Map<Integer, Row> statsOf(int dispatcherPort, Path roster) throws IOException {
        Map<Integer, Long> pids = new HashMap<>();
        if (Files.exists(roster)) {
            for (String line : Files.readAllLines(roster)) {
                String[] fields = line.split(" ");
                if (fields.length > 2) {
                    pids.put(Integer.parseInt(fields[1]), Long.parseLong(fields[2]));
                }
            }
        }
        try (LineClient client = new LineClient(dispatcherPort)) {
            String header = client.request("stats");
            int count = Integer.parseInt(header.substring("STATS ".length()));
            Map<Integer, Row> rows = new HashMap<>();
            for (String line : client.readLines(count)) {
                Matcher m = ROW.matcher(line);
                if (!line.startsWith("server battle ")) {
                    continue; // kind rows, and servers of other kinds
                }
                if (!m.matches()) {
                    throw new IOException("bad stats row: " + line);
                }
                int port = Integer.parseInt(m.group(1));
                rows.put(port, new Row(m.group(2), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)),
                        pids.getOrDefault(port, 0L)));
            }
            return rows;
        }
    }

    /** Polls {@code stats} until {@code condition} holds, for at most 30 s; returns the rows that satisfied it. */
    public Map<Integer, Row> awaitStats(Predicate<Map<Integer, Row>> condition) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Map<Integer, Row> rows = stats();
        while (!condition.test(rows)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the fleet never reached the expected state; last stats: " + rows);
            }
            Thread.sleep(25);
            rows = stats();
        }
        return rows;
    }

    /** One battle server as {@code stats} shows it, with its pid from the roster. */
    public record Row(String state, int load, int reserved, long pid) {
    }

    /** Stops the dispatcher without touching the battle servers, as a restart does. */
    public void stopLeavingFleet() {
        server.stop(false);
    }

    @Override
    public void close() {
        server.stop(true);
    }
}
