package gamegrid.dispatcher.fleet;

import gamegrid.protocol.dispatch.Request;
import gamegrid.protocol.ticket.TicketAuthority;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Launches servers as JVMs from the dispatcher's own class path, each writing to its own log file, and
 * hands each its own credential and the world's secret in its environment, never on its command line.
 */
public final class ProcessLauncher implements Launcher {
    /** How far a process's start time may be from the roster's before it is taken for another process. */
    private static final long START_TIME_SLACK_MS = 2_000;

    private final LaunchConfig config;
    private final Supplier<String> dispatcherAddress;
    private final String worldSecret;

    /** @param dispatcherAddress where servers register, {@code HOST:PORT}; asked at each launch */
    public ProcessLauncher(LaunchConfig config, Supplier<String> dispatcherAddress, String worldSecret) {
        this.config = config;
        this.dispatcherAddress = dispatcherAddress;
        this.worldSecret = worldSecret;
    }

    @Override
    public ServerProcess launch(KindConfig kind, int port, List<String> routes, String credential) throws IOException {
        Files.createDirectories(config.logDir());
        // With the shared logback configuration the server writes its own log, rolled by size and day; what it
        // prints outside logging (its READY line, a JVM's dying words) goes beside it. Without it, all in one.
        Path log = config.logFile(kind.kind(), port);
        File output = rolledLogging() ? log.resolveSibling(log.getFileName() + ".out").toFile() : log.toFile();
        ProcessBuilder builder = new ProcessBuilder(command(kind, port, routes))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output))
                .redirectErrorStream(true);
        builder.environment().put(Request.Register.CREDENTIAL_ENV, credential);
        builder.environment().put(TicketAuthority.SECRET_ENV, worldSecret);
        return OsProcess.launched(builder.start());
    }

    List<String> command(KindConfig kind, int port, List<String> routes) {
        List<String> command = new ArrayList<>();
        command.add(config.javaCommand());
        command.addAll(config.jvmOptions(kind));
        if (rolledLogging()) {
            command.add("-Dlogback.configurationFile=" + System.getProperty("logback.configurationFile"));
            command.add("-Dgamegrid.log.file=" + config.logFile(kind.kind(), port));
        }
        command.add("-cp");
        command.add(config.classPath());
        command.add(kind.mainClass());
        command.add("--host=" + config.host());
        command.add(portArgument(port));
        command.add("--dispatcher=" + dispatcherAddress.get());
        command.add("--max-players=" + kind.maxPlayers());
        command.add("--heartbeat-interval=" + config.heartbeatInterval().toMillis() + "ms");
        if (kind.routed()) {
            command.add("--maps=" + String.join(",", routes));
        }
        command.addAll(kind.options());
        return command;
    }

    /** Whether the dispatcher runs with a logback configuration file, which its servers then share. */
    private static boolean rolledLogging() {
        return System.getProperty("logback.configurationFile") != null;
    }

    private static String portArgument(int port) {
        return "--port=" + port;
    }

    /**
     * Only a process that is alive, started when the roster says, and whose command line runs this kind's
     * main class on this port is taken back: a pid reused by another program is never signalled.
     */
    @Override
    public Optional<ServerProcess> adopt(Roster.Entry entry) {
        Optional<ProcessHandle> handle = ProcessHandle.of(entry.pid())
                .filter(p -> p.isAlive() && p.pid() != ProcessHandle.current().pid() && !OsProcess.isZombie(p.pid()));
        if (handle.isEmpty()) {
            return Optional.empty();
        }
        long started = handle.get().info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
        if (Math.abs(started - entry.startMillis()) > START_TIME_SLACK_MS) {
            return Optional.empty();
        }
        List<String> words = commandLine(entry.pid());
        boolean same = words.contains(portArgument(entry.port()))
                && words.stream().anyMatch(w -> w.endsWith(mainClassOf(entry.kind())));
        return same ? handle.map(OsProcess::adopted) : Optional.empty();
    }

    /** The start time of a process this dispatcher just launched, for its roster line. */
    static long startMillis(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().startInstant()).map(Instant::toEpochMilli).orElse(0L);
    }

    private String mainClassOf(String kind) {
        return config.mainClasses().getOrDefault(kind, "\u0000");
    }

    private static List<String> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return List.of(new String(raw, StandardCharsets.UTF_8).split("\u0000"));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    @Override
    public boolean portFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(config.host(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
