package gamegrid.dispatcher.fleet;

import java.io.File;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How server processes are started, whatever their kind.
 *
 * @param javaCommand       the {@code java} executable
 * @param jvmOptions        options for each server JVM (heap, GC, class-data sharing) of a kind with none of its own
 * @param classPath         class path holding every kind's main class (the dispatcher's own jar)
 * @param host              address each server binds
 * @param heartbeatInterval how often a server reports that it is alive
 * @param logDir            folder for one log file per server
 * @param mainClasses       main class by kind, to recognise a server's command line when adopting it
 */
public record LaunchConfig(
        String javaCommand,
        List<String> jvmOptions,
        String classPath,
        String host,
        Duration heartbeatInterval,
        Path logDir,
        Map<String, String> mainClasses) {

    public LaunchConfig {
        jvmOptions = List.copyOf(jvmOptions);
        mainClasses = Map.copyOf(mainClasses);
    }

    /** The JVM options of {@code kind}'s processes: its own, else these. */
    public List<String> jvmOptions(KindConfig kind) {
        return kind.jvmOptions().isEmpty() ? jvmOptions : kind.jvmOptions();
    }

    /** Where the server of {@code kind} on {@code port} writes its output. */
    public Path logFile(String kind, int port) {
        return logDir.resolve(kind + "server-" + port + ".log");
    }

    /** Settings that could never start a server, each as one line; empty when launching can work. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        Path java = Path.of(javaCommand);
        if (!Files.isRegularFile(java) || !Files.isExecutable(java)) {
            problems.add("launch.java=" + javaCommand + ": not an executable file");
        }
        try {
            InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            problems.add("launch.host=" + host + ": not an address of this machine's resolver");
        }
        if (classPath.isBlank()) {
            problems.add("launch.class-path is empty");
        }
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isBlank() && !Files.exists(Path.of(entry))) {
                problems.add("launch.class-path: " + entry + " does not exist");
            }
        }
        return problems;
    }
}
