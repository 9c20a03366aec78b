package gamegrid.bench;

import gamegrid.support.LineClient;
import gamegrid.support.TestDispatcher;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Time from a {@code get} that needs a new battle server to the moment that server accepts a connection,
 * over N launches, against the floor of a bare JVM that only opens a listening socket, started the same way.
 *
 * <p>{@code --runs=10 --jvm-options="..." --class-path=target/gamegrid.jar}; prints one line per launch and a summary. Loopback only,
 * bounded by the run count; every JVM it starts is stopped before it exits.
 */
public final class SpawnBenchmark {
    private SpawnBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        int runs = options.integer("runs", 10);
        String jvmOptions = options.text("jvm-options", "-Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        // Battle servers start from the packaged jar, as in production (class-data archives need jars).
        String classPath = options.text("class-path", "target/gamegrid.jar");
        options.rejectUnread();
        System.out.println("jvm-options: " + jvmOptions);

        List<Double> bare = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            bare.add(bareJvmMillis(jvmOptions));
        }
        report("bare JVM, listen only", bare);

        Path dir = Files.createTempDirectory("spawn-bench");
        List<Double> spawn = new ArrayList<>();
        try (TestDispatcher dispatcher = TestDispatcher.startForLoad(dir, "fleet.max-players", "1", "fleet.min-servers", "0",
                "fleet.max-servers", String.valueOf(runs + 1), "fleet.reservation-timeout", "10m",
                "fleet.first-port", "41000", "launch.jvm-options", jvmOptions, "launch.class-path", classPath)) {
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                String endpoint = LineClient.ask(dispatcher.port(), "get");
                connect(Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1)));
                double ms = (System.nanoTime() - start) / 1e6;
                spawn.add(ms);
                System.out.printf("  launch %2d: %s ready and accepting after %.0f ms%n", i + 1, endpoint, ms);
            }
        }
        report("get -> new battle server accepting", spawn);
    }

    /** From ProcessBuilder.start() to the first accepted connection of a JVM that does nothing but listen. */
    private static double bareJvmMillis(String jvmOptions) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions.trim().split("\\s+")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BareListener.class.getName(), String.valueOf(port)));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            connect(port);
            return (System.nanoTime() - start) / 1e6;
        } finally {
            process.destroyForcibly().waitFor();
        }
    }

    /** Connects, retrying every millisecond for at most 30 s. */
    private static void connect(int port) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(1);
            }
        }
    }

    private static void report(String what, List<Double> millis) {
        List<Double> sorted = millis.stream().sorted().toList();
        double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        System.out.printf("RESULT %s: n=%d median=%.0f ms min=%.0f ms max=%.0f ms%n", what, sorted.size(), median,
                sorted.get(0), sorted.get(sorted.size() - 1));
    }

    /** The floor: a JVM that opens a listening socket and waits. */
    public static final class BareListener {
        public static void main(String[] args) throws Exception {
            try (ServerSocket server = new ServerSocket(Integer.parseInt(args[0]))) {
                while (true) {
                    server.accept().close();
                }
            }
        }
    }
}
