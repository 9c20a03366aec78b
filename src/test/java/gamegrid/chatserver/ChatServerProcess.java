package gamegrid.chatserver;

import gamegrid.protocol.ticket.TicketAuthority;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The chat server as its own JVM, started as the dispatcher starts it, so tests can stop it with SIGTERM or SIGKILL. */
final class ChatServerProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("READY chatserver [^:]+:(\\d+)");

    private final Process process;
    private final int port;
    private final Path log;

    private ChatServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts {@code ChatServerMain} with {@code settings} as {@code --key=value}, logging into {@code dir}, and waits for READY. */
    static ChatServerProcess start(Path dir, String secret, Map<String, String> settings) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), ChatServerMain.class.getName()));
        settings.forEach((key, value) -> command.add("--" + key + "=" + value));
        Files.createDirectories(dir);
        Path log = dir.resolve("chatserver-" + System.nanoTime() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put(TicketAuthority.SECRET_ENV, secret);
        Process process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Matcher ready = READY.matcher(Files.readString(log));
            if (ready.find()) {
                return new ChatServerProcess(process, Integer.parseInt(ready.group(1)), log);
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IOException("chat server did not start:\n" + Files.readString(log));
            }
            Thread.sleep(20);
        }
    }

    int port() {
        return port;
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    /** SIGKILL: no shutdown hook, no last save. */
    void kill() {
        process.destroyForcibly();
        process.onExit().orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** SIGTERM, as an operator stops it: the shutdown hook saves the state. */
    void stop() {
        process.destroy();
        process.onExit().orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
