package gamegrid.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real memcached (the Debian package) of the test's own, on loopback and a free port, with eviction off
 * ({@code -M}: errors instead of dropping player states). Stopped by its pid; {@link #restart()} brings a
 * fresh, empty one back on the same port, as an operator's restart would.
 */
public final class MemcachedProcess implements AutoCloseable {
    private final int port;
    private Process process;

    private MemcachedProcess(int port) {
        this.port = port;
    }

    public static MemcachedProcess start() throws IOException, InterruptedException {
        MemcachedProcess memcached = new MemcachedProcess(DispatcherProcess.freePort());
        memcached.launch();
        return memcached;
    }

    private void launch() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("memcached", "-l", "127.0.0.1", "-p", Integer.toString(port),
                "-U", "0", "-M", "-m", "64"));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "root")); // memcached refuses to run as root unless told whom to run as
        }
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IOException("memcached did not start on port " + port + " (exit " + (process.isAlive() ? "-" : process.exitValue()) + ")");
                }
                Thread.sleep(20);
            }
        }
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:PORT}, as settings take it. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /** Stops it (SIGKILL: all it holds is lost). */
    public void stop() {
        process.destroyForcibly();
        process.onExit().orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** An empty memcached on the same port again. */
    public void restart() throws IOException, InterruptedException {
        stop();
        launch();
    }

    @Override
    public void close() {
        stop();
    }
}
