package gamegrid.bench;

import gamegrid.support.LineClient;
import gamegrid.support.TestDispatcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real dispatcher ({@code DispatcherServer} with its real pipeline and {@code Fleet}), set up for
 * throughput runs: stand-in battle servers registered over real control links, each backed by a
 * {@code sleep} placeholder process that the fleet adopts, so that {@code get} always has somewhere to
 * route and nothing launches JVMs; seats so many (and reservations so short) that they never run out.
 *
 * <p>{@code --servers=4 --max-lifetime=15m [--dispatcher.KEY=VALUE ...]}: prints
 * {@code READY bench-dispatcher 127.0.0.1:PORT pid=PID}, then serves until SIGTERM or the lifetime is up.
 */
public final class BenchDispatcher {
    private BenchDispatcher() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        int servers = options.integer("servers", 4);
        Duration lifetime = options.duration("max-lifetime", Duration.ofMinutes(15));
        List<String> settings = new ArrayList<>(List.of(
                "fleet.max-players", "1000000",
                "fleet.reservation-timeout", "100ms",
                "fleet.max-servers", "1000",
                // The stand-ins do not heartbeat and must never be drained for idleness between runs.
                "fleet.heartbeat-timeout", "60m",
                "fleet.idle-timeout", "60m",
                "limits.client-idle-timeout", "5m"));
        for (String arg : args) {
            if (arg.startsWith("--dispatcher.") && arg.indexOf('=') > 0) {
                String key = arg.substring("--".length(), arg.indexOf('='));
                options.text(key, null);
                settings.add(key.substring("dispatcher.".length()));
                settings.add(arg.substring(arg.indexOf('=') + 1));
            }
        }
        options.rejectUnread();

        Path dir = Files.createTempDirectory("gamegrid-bench-");
        TestDispatcher dispatcher = TestDispatcher.start(dir, settings.toArray(String[]::new));
        List<Process> placeholders = new ArrayList<>();
        List<LineClient> links = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dispatcher.stopLeavingFleet();
            links.forEach(BenchDispatcher::closeQuietly);
            placeholders.forEach(Process::destroyForcibly);
            deleteQuietly(dir);
        }, "bench-dispatcher-shutdown"));

        long placeholderSeconds = lifetime.toSeconds() + 60; // outlives the dispatcher, ends even if it is killed
        for (int i = 0; i < servers; i++) {
            int port = 7000 + i;
            Process placeholder = new ProcessBuilder("sleep", Long.toString(placeholderSeconds)).start();
            placeholders.add(placeholder);
            LineClient link = new LineClient(dispatcher.port());
            links.add(link);
            String reply = link.request("register|" + port + "|" + dispatcher.secret() + "|0|" + placeholder.pid());
            if (!reply.equals("OK registered")) {
                throw new IOException("stand-in registration refused for port " + port + ": " + reply);
            }
        }
        Map<Integer, TestDispatcher.Row> table = dispatcher.stats();
        long ready = table.values().stream().filter(r -> r.state().equals("READY")).count();
        if (ready != servers) {
            throw new IOException("expected " + servers + " READY stand-ins, the table shows " + table);
        }
        System.out.println("READY bench-dispatcher 127.0.0.1:" + dispatcher.port() + " pid="
                + ProcessHandle.current().pid() + " servers=" + servers);
        Thread.sleep(lifetime.toMillis()); // bounded even if nobody stops it
        System.exit(0);
    }

    private static void closeQuietly(LineClient client) {
        try {
            client.close();
        } catch (IOException e) {
            // shutting down anyway
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
