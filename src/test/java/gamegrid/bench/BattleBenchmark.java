package gamegrid.bench;

import gamegrid.fightserver.bot.BotPlan;
import gamegrid.fightserver.bot.BotRun;
import gamegrid.fightserver.bot.RunReport;
import gamegrid.protocol.battle.Event;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One battle-server process filled to its cap by fast PvP bots in this JVM: rounds per second and the
 * server's resident memory, idle and under load.
 *
 * <p>{@code --players=1000 --duration=20s --jvm-options="..." --server-cpu=0}; bounded by the duration;
 * the server process is stopped before this exits.
 */
public final class BattleBenchmark {
    private BattleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        int players = options.integer("players", 1000);
        Duration duration = options.duration("duration", Duration.ofSeconds(20));
        String jvmOptions = options.text("jvm-options", "-Xms32m -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k");
        String serverCpu = options.text("server-cpu", "0");
        options.rejectUnread();

        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of("taskset", "-c", serverCpu,
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(jvmOptions.trim().split("\\s+")));
        command.addAll(List.of("-cp", "target/gamegrid.jar", "gamegrid.fightserver.BattleServerMain", "--port=" + port,
                "--max-players=" + players, "--turn-timeout=5s", "--idle-timeout=60s"));
        System.out.println("server: " + String.join(" ", command));
        Path log = Files.createTempFile("battle-bench-server", ".log");
        Process server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitReady(server, log);
            long pid = server.descendants().findFirst().map(ProcessHandle::pid).orElse(server.pid());
            TimeUnit.SECONDS.sleep(2);
            System.out.printf("RESULT idle battle server RSS: %.1f MB%n", rssMb(pid));

            double peakRss = 0;
            // Throughput: 500 one-on-one battles of bots that answer at once (a closed loop, so the server
            // and the bots run flat out and latency is queueing). Latency: 1000 players against monsters who
            // think 100 ms per round, as people would; a PvE round resolves the moment the player's order
            // arrives, so the order-to-next-round time is the resolution plus one loopback round trip.
            for (Event.Mode mode : List.of(Event.Mode.PVP, Event.Mode.PVE)) {
                int concurrency = mode == Event.Mode.PVP ? players / 2 : players;
                Duration think = mode == Event.Mode.PVP ? Duration.ZERO : Duration.ofMillis(100);
                BotPlan plan = new BotPlan(InetSocketAddress.createUnresolved("127.0.0.1", port), false, mode,
                        concurrency, 100_000_000, duration, think);
                CompletableFuture<RunReport> run = CompletableFuture.supplyAsync(() -> play(plan));
                while (!run.isDone()) {
                    peakRss = Math.max(peakRss, rssMb(pid));
                    TimeUnit.MILLISECONDS.sleep(200);
                }
                RunReport report = run.join();
                double seconds = report.elapsed().toNanos() / 1e9;
                System.out.println("bots: " + report.summary());
                System.out.printf("RESULT %s, %d players in %d concurrent battles, think %d ms: %.0f battles/s, %.0f rounds/s,"
                                + " order-to-next-round p50=%d us p99=%d us, errors=%d%n", mode, players, concurrency, think.toMillis(),
                        report.battles() / seconds, report.rounds() / seconds, report.p50TurnaroundMicros(),
                        report.p99TurnaroundMicros(), report.errors());
            }
            System.out.printf("RESULT loaded battle server peak RSS: %.1f MB%n", peakRss);
        } finally {
            server.destroy();
            server.onExit().get(20, TimeUnit.SECONDS);
            // The server reports its own round-resolution times as it stops.
            for (String line : Files.readAllLines(log)) {
                if (line.contains("round resolution")) {
                    System.out.println("RESULT server-side " + line.substring(line.indexOf("round resolution")));
                }
            }
            Files.delete(log);
        }
    }

    private static RunReport play(BotPlan plan) {
        try {
            return BotRun.run(plan);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitReady(Process server, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(log).contains("READY fightserver")) {
            if (!server.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("battle server did not start:\n" + Files.readString(log));
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private static double rssMb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return 0;
    }
}
