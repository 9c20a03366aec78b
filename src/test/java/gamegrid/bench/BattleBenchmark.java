package gamegrid.bench;

import gamegrid.fightserver.bot.BotPlan;
import gamegrid.fightserver.bot.BotRun;
import gamegrid.fightserver.bot.RunReport;
import gamegrid.protocol.battle.Event;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
        command.addAll(List.of("-cp", "target/gamegrid.jar", "gamegrid.fightserver.FightServerMain", "--port=" + port,
                "--max-players=" + players, "--turn-timeout=5s", "--idle-timeout=60s"));
        System.out.println("server: " + String.join(" ", command));
        Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            awaitReady(server);
            long pid = server.descendants().findFirst().map(ProcessHandle::pid).orElse(server.pid());
            TimeUnit.SECONDS.sleep(2);
            System.out.printf("RESULT idle battle server RSS: %.1f MB%n", rssMb(pid));

            double[] peakRss = {0};
            CompletableFuture<RunReport> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return BotRun.run(new BotPlan(InetSocketAddress.createUnresolved("127.0.0.1", port), false,
                            Event.Mode.PVP, players / 2, 100_000_000, duration));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            while (!run.isDone()) {
                peakRss[0] = Math.max(peakRss[0], rssMb(pid));
                TimeUnit.MILLISECONDS.sleep(200);
            }
            RunReport report = run.join();
            double seconds = report.elapsed().toNanos() / 1e9;
            System.out.println("bots: " + report.summary());
            System.out.printf("RESULT %d players (%d concurrent PvP battles): %.0f battles/s, %.0f rounds/s, errors=%d%n",
                    players, players / 2, report.battles() / seconds, report.rounds() / seconds, report.errors());
            System.out.printf("RESULT loaded battle server peak RSS: %.1f MB%n", peakRss[0]);
        } finally {
            server.descendants().forEach(ProcessHandle::destroy);
            server.destroy();
            server.onExit().get(10, TimeUnit.SECONDS);
        }
    }

    private static void awaitReady(Process server) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream()));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("READY fightserver")) {
                // Keep draining its output so the pipe never fills and blocks the server.
                Thread drain = new Thread(() -> drainQuietly(out), "server-output");
                drain.setDaemon(true);
                drain.start();
                return;
            }
        }
        throw new IOException("battle server exited before it was ready");
    }

    private static void drainQuietly(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // discarded: the server's log is not part of the measurement
            }
        } catch (IOException e) {
            // the server has gone
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
