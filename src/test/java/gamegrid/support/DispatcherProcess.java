package gamegrid.support;

import gamegrid.dispatcher.DispatcherMain;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The dispatcher as its own JVM, started the way ops start it ({@code DispatcherMain} with
 * {@code --key=value} overrides), for tests that must kill it with SIGKILL. Its battle servers are not
 * this JVM's descendants once it is gone: tests kill them by the pids {@code stats} showed.
 */
public final class DispatcherProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private DispatcherProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** A port that was free a moment ago: a restarted dispatcher must come back on the same port. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Starts a dispatcher on {@code port} keeping its secret and logs in {@code dir}, and waits until it is ready. */
    public static DispatcherProcess start(Path dir, int port, String... settings) throws IOException, InterruptedException {
        List<String> command = command(dir, port, settings);
        Files.createDirectories(dir);
        Path log = dir.resolve("dispatcher-" + System.nanoTime() + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(log).contains("READY dispatcher")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IOException("dispatcher did not start:\n" + Files.readString(log));
            }
            Thread.sleep(20);
        }
        return new DispatcherProcess(process, port);
    }

    /** What a dispatcher that refused to start printed, and its exit status. */
    public record Refusal(int exitStatus, List<String> lines) {
    }

    /** Starts a dispatcher expected to refuse to start, and waits (at most 30 s) for it to exit. */
    public static Refusal refusal(Path dir, int port, String... settings) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path log = dir.resolve("dispatcher-" + System.nanoTime() + ".log");
        Process process = new ProcessBuilder(command(dir, port, settings)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("dispatcher did not exit:\n" + Files.readString(log));
        }
        return new Refusal(process.exitValue(), Files.readAllLines(log));
    }

    private static List<String> command(Path dir, int port, String... settings) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), DispatcherMain.class.getName(),
                "--listen.port=" + port,
                "--admin.port=0",
                "--security.secret-file=" + dir.resolve("dispatcher.secret"),
                "--fleet.roster-file=" + dir.resolve("fleet.roster"),
                // The shipped world, battle servers only: no map servers, memcached or chat server to wait for.
                "--map.maps=", "--chat.enabled=false", "--fleet.options=--config=config/fightserver.properties",
                "--launch.log-dir=" + dir.resolve("logs"),
                "--launch.jvm-options=-Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1",
                "--launch.heartbeat-interval=200ms"));
        for (int i = 0; i + 1 < settings.length; i += 2) {
            command.add("--" + settings[i] + "=" + settings[i + 1]);
        }
        return command;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no goodbye to the battle servers. */
    public void kill() {
        process.destroyForcibly();
        process.onExit().orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** SIGKILL to the dispatcher and every process it started: the cleanup at the end of a test. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        kill();
        children.forEach(ProcessHandle::destroyForcibly);
    }
}
