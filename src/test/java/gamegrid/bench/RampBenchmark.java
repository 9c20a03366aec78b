package gamegrid.bench;

import gamegrid.support.LineClient;
import gamegrid.support.TestDispatcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code get} latency while the fleet grows: players arrive at a steady rate and keep their seats, so
 * servers fill and new ones must start. Three phases with real battle-server JVMs: a fleet already big
 * enough (steady state), growth with no warm spares, and growth with warm spares.
 *
 * <p>{@code --gets=150 --rate=40 --seats=20 --jvm-options="..."}; bounded by the count; every JVM is
 * stopped at the end of its phase.
 */
public final class RampBenchmark {
    private RampBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        int gets = options.integer("gets", 150);
        int rate = options.integer("rate", 40);
        int seats = options.integer("seats", 20);
        String jvmOptions = options.text("jvm-options", "-Xms32m -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k");
        String classPath = options.text("class-path", "target/gamegrid.jar");
        options.rejectUnread();
        int servers = gets / seats + 2;
        System.out.printf("%d gets at %d/s, %d seats per server, up to %d servers%n", gets, rate, seats, servers);

        phase("steady state (all servers already running)", gets, rate, jvmOptions, classPath, seats, servers,
                String.valueOf(servers), "0", "0");
        phase("growth, no warm spares", gets, rate, jvmOptions, classPath, seats, servers, "1", "0", "0");
        phase("growth, warm spares (high-water " + seats + " seats, 2 ahead)", gets, rate, jvmOptions, classPath, seats,
                servers, "1", String.valueOf(seats), "2");
    }

    private static void phase(String name, int gets, int rate, String jvmOptions, String classPath, int seats, int servers,
                              String minServers, String highWater, String spares) throws Exception {
        Path dir = Files.createTempDirectory("ramp-bench");
        try (TestDispatcher dispatcher = TestDispatcher.startForLoad(dir, "fleet.max-players", String.valueOf(seats),
                "fleet.min-servers", minServers, "fleet.max-servers", String.valueOf(servers),
                "fleet.spare-high-water", highWater, "fleet.warm-spares", spares, "fleet.reservation-timeout", "10m",
                "fleet.first-port", "42000", "launch.jvm-options", jvmOptions, "launch.class-path", classPath)) {
            int ready = Integer.parseInt(minServers);
            dispatcher.awaitStats(rows -> rows.size() == ready && rows.values().stream().allMatch(r -> r.state().equals("READY")));
            List<Long> micros = new ArrayList<>();
            long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            long next = System.nanoTime();
            for (int i = 0; i < gets; i++) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                long start = System.nanoTime();
                String reply = LineClient.ask(dispatcher.port(), "get");
                micros.add((System.nanoTime() - start) / 1_000);
                if (!reply.startsWith("127.0.0.1:")) {
                    throw new IllegalStateException("get " + i + " answered " + reply);
                }
                next += interval;
            }
            List<Long> sorted = micros.stream().sorted().toList();
            System.out.printf("RESULT %s: servers at the end=%d, get p50=%d us p99=%d us max=%d us%n", name,
                    dispatcher.stats().size(), sorted.get(sorted.size() / 2),
                    sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1), sorted.get(sorted.size() - 1));
        }
    }
}
