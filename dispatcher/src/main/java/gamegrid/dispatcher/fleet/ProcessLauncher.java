package gamegrid.dispatcher.fleet;

import gamegrid.protocol.dispatch.Request;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Launches battle servers as JVMs from the dispatcher's own class path, each writing to its own log
 * file, and hands them the dispatcher's address and secret so they can register.
 */
public final class ProcessLauncher implements Launcher {
    public static final String MAIN_CLASS = "gamegrid.fightserver.FightServerMain";

    private final LaunchSettings settings;
    private final Supplier<String> dispatcherAddress;
    private final String secret;
    private final int maxPlayers;

    /** @param dispatcherAddress where battle servers register, {@code HOST:PORT}; asked at each launch */
    public ProcessLauncher(LaunchSettings settings, Supplier<String> dispatcherAddress, String secret, int maxPlayers) {
        this.settings = settings;
        this.dispatcherAddress = dispatcherAddress;
        this.secret = secret;
        this.maxPlayers = maxPlayers;
    }

    @Override
    public BattleProcess launch(int port) throws IOException {
        Files.createDirectories(settings.logDir());
        File logFile = settings.logDir().resolve("fightserver-" + port + ".log").toFile();
        ProcessBuilder builder = new ProcessBuilder(command(port))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile))
                .redirectErrorStream(true);
        builder.environment().put(Request.Register.SECRET_ENV, secret);
        return OsProcess.launched(builder.start());
    }

    List<String> command(int port) {
        List<String> command = new ArrayList<>();
        command.add(settings.javaCommand());
        command.addAll(settings.jvmOptions());
        String logbackConfig = System.getProperty("logback.configurationFile");
        if (logbackConfig != null) {
            command.add("-Dlogback.configurationFile=" + logbackConfig);
        }
        command.add("-cp");
        command.add(settings.classPath());
        command.add(MAIN_CLASS);
        command.add("--host=" + settings.battleHost());
        command.add("--port=" + port);
        command.add("--dispatcher=" + dispatcherAddress.get());
        command.add("--max-players=" + maxPlayers);
        command.add("--heartbeat-interval=" + settings.heartbeatInterval().toMillis() + "ms");
        command.addAll(settings.battleOptions());
        return command;
    }

    @Override
    public Optional<BattleProcess> adopt(long pid) {
        // The dispatcher's own pid is never a battle server (and the JDK cannot watch it exit).
        return ProcessHandle.of(pid)
                .filter(p -> p.isAlive() && p.pid() != ProcessHandle.current().pid())
                .map(OsProcess::adopted);
    }

    @Override
    public boolean portFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(settings.battleHost(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
