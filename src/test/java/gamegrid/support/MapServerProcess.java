package gamegrid.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A map server as its own JVM, started as the dispatcher starts one, for tests that kill it with SIGKILL. */
public final class MapServerProcess implements AutoCloseable {
    /** The world's secret the test servers share, so tests can mint tickets. */
    public static final String SECRET = "test-world-secret";

    private final Process process;
    private final int port;

    private MapServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts {@code gamegrid.mapserver.MapServerMain} on {@code port} hosting {@code maps}, with the given
     * {@code --key=value} settings on top of quick test defaults, and waits for its READY line.
     */
    public static MapServerProcess start(Path dir, int port, String maps, String... settings) throws IOException, InterruptedException {
        return start(dir, List.of("-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), port, maps, settings);
    }

    /** As {@link #start(Path, int, String, String...)}, with the given JVM options (benchmarks want the full JIT). */
    public static MapServerProcess start(Path dir, List<String> jvmOptions, int port, String maps, String... settings)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "gamegrid.mapserver.MapServerMain",
                "--port=" + port, "--maps=" + maps, "--move-interval=0ms", "--encounter-percent=0"));
        command.addAll(List.of(settings));
        Files.createDirectories(dir);
        Path log = dir.resolve("mapserver-" + port + "-" + System.nanoTime() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("GAMEGRID_WORLD_SECRET", SECRET);
        env.put("GAMEGRID_SERVER_CREDENTIAL", "test-credential");
        Process process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(log).contains("READY mapserver")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IOException("map server did not start:\n" + Files.readString(log));
            }
            Thread.sleep(20);
        }
        return new MapServerProcess(process, port);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no last save. */
    public void kill() {
        process.destroyForcibly();
        process.onExit().orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Override
    public void close() {
        kill();
    }
}
