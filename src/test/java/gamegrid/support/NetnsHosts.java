package gamegrid.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several "hosts" on one machine: network namespaces {@code NAME-h0 ...}, each with an {@code eth0} at
 * {@code 10.77.0.(N+1)/24}, cabled by veth pairs to a bridge that lives in a namespace of its own
 * ({@code NAME-sw}). Nothing is added to the machine's own namespace, so no traffic can leave the machine and
 * the private addresses clash with nothing. A host's cable can be cut and mended ({@link #cut}, {@link #mend}):
 * its switch port goes down, so packets are lost without a reset, as when a real cable is pulled.
 *
 * <p>Needs root and iproute2. {@link #close()} kills every process started in the hosts (by pid, and any
 * process still inside one of these namespaces, which only this harness created) and deletes the namespaces.
 */
public final class NetnsHosts implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NetnsHosts.class);
    private static final String SUBNET = "10.77.0.";
    private static final long COMMAND_TIMEOUT_S = 10;

    private final String name;
    private final int count;
    private final List<Process> processes = new ArrayList<>();
    private final List<String> namespaces = new ArrayList<>();
    /** Cleans up when the test JVM is told to stop (surefire's timeout, Ctrl-C), where no finally block runs. */
    private final Thread cleanupAtExit = new Thread(this::close, "netns-cleanup");

    private NetnsHosts(String name, int count) {
        this.name = name;
        this.count = count;
    }

    /** Why these hosts cannot be built here, or null when they can (root, and {@code ip} from iproute2). */
    public static String unavailableReason() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "network namespaces need root; running as " + System.getProperty("user.name");
        }
        if (!Files.isExecutable(Path.of("/usr/sbin/ip")) && !Files.isExecutable(Path.of("/sbin/ip"))) {
            return "no ip command (apt-get install iproute2)";
        }
        return null;
    }

    /** Builds {@code count} hosts on one bridge; on any failure, removes what was built and throws. */
    public static NetnsHosts create(int count) throws IOException, InterruptedException {
        // A name of our own per run: tests of other sessions may build hosts at the same time.
        NetnsHosts hosts = new NetnsHosts("gg" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt(), 6), count);
        Runtime.getRuntime().addShutdownHook(hosts.cleanupAtExit);
        try {
            hosts.build();
            return hosts;
        } catch (IOException | InterruptedException | RuntimeException e) {
            hosts.close();
            throw e;
        }
    }

    private void build() throws IOException, InterruptedException {
        String sw = switchNamespace();
        addNamespace(sw);
        ip("-n", sw, "link", "set", "lo", "up");
        ip("-n", sw, "link", "add", "br0", "type", "bridge");
        ip("-n", sw, "link", "set", "br0", "up");
        for (int host = 0; host < count; host++) {
            String ns = namespace(host);
            addNamespace(ns);
            ip("-n", ns, "link", "set", "lo", "up");
            // Both ends are born in namespaces of ours: the switch port in the switch, eth0 in the host.
            ip("-n", sw, "link", "add", port(host), "type", "veth", "peer", "name", "eth0", "netns", ns);
            ip("-n", sw, "link", "set", port(host), "master", "br0");
            ip("-n", sw, "link", "set", port(host), "up");
            ip("-n", ns, "addr", "add", address(host) + "/24", "dev", "eth0");
            ip("-n", ns, "link", "set", "eth0", "up");
        }
        log.info("built {} hosts {}-h0..h{} on {}0/24", count, name, count - 1, SUBNET);
    }

    /** The address of host {@code host} on the bridge. */
    public String address(int host) {
        return SUBNET + (host + 1);
    }

    /** The namespace of host {@code host}, for {@code ip netns exec}. */
    public String namespace(int host) {
        return name + "-h" + host;
    }

    /**
     * Starts {@code command} inside host {@code host} ({@code ip netns exec}, which execs it: the process is
     * the command itself), with {@code env} added to this JVM's environment and its output in {@code log}.
     */
    public synchronized Process start(int host, Map<String, String> env, Path log, List<String> command) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace(host)));
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    /**
     * Runs {@code command} inside host {@code host} and returns its output; it must end within {@code timeoutMs}
     * (it is killed then, and what it wrote so far is returned).
     */
    public String run(int host, long timeoutMs, String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace(host)));
        full.addAll(List.of(command));
        // Into a file, not a pipe: a process killed at the deadline still leaves what it wrote.
        Path output = Files.createTempFile("netns-run", ".out");
        Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            return Files.readString(output);
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Files.deleteIfExists(output);
        }
    }

    /**
     * Sends one line to {@code address:port} from host {@code host} over bash's {@code /dev/tcp} and returns
     * every line received until the peer closes (a one-shot dispatcher command) or {@code timeoutMs} passes.
     */
    public List<String> ask(int host, String address, int port, String line, long timeoutMs) throws IOException, InterruptedException {
        String script = "exec 3<>/dev/tcp/$1/$2 || exit 9; printf '%s\\n' \"$3\" >&3; cat <&3";
        String output = run(host, timeoutMs, "bash", "-c", script, "ask", address, Integer.toString(port), line);
        return output.isEmpty() ? List.of() : List.of(output.split("\n"));
    }

    /**
     * A socket of this JVM connected to {@code address:port} from inside host {@code host}, for clients that keep
     * a connection (a player): bash opens the JVM's end over the machine's loopback first, then enters the host
     * (a socket keeps the namespace it was made in) and relays between that end and {@code /dev/tcp} there. When
     * either side closes, the relay ends and closes the other, as the end of a direct connection would.
     */
    public Socket connect(int host, String address, int port) throws IOException {
        String relay = "exec 3<>/dev/tcp/$1/$2 || exit 9; cat <&4 >&3 & cat <&3 >&4 & wait -n; kill $(jobs -p) 2>/dev/null";
        String enter = "exec 4<>/dev/tcp/127.0.0.1/$1 || exit 9; exec ip netns exec \"$2\" bash -c \"$3\" relay \"$4\" \"$5\"";
        try (ServerSocket door = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            door.setSoTimeout((int) TimeUnit.SECONDS.toMillis(COMMAND_TIMEOUT_S));
            Process process = new ProcessBuilder("bash", "-c", enter, "enter", Integer.toString(door.getLocalPort()),
                    namespace(host), relay, address, Integer.toString(port)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            synchronized (this) {
                processes.add(process);
            }
            return door.accept();
        }
    }

    /** Pulls host {@code host}'s cable: its switch port goes down, so its packets are lost, without a reset. */
    public void cut(int host) throws IOException, InterruptedException {
        ip("-n", switchNamespace(), "link", "set", port(host), "down");
    }

    /** Plugs host {@code host}'s cable back in. */
    public void mend(int host) throws IOException, InterruptedException {
        ip("-n", switchNamespace(), "link", "set", port(host), "up");
    }

    /** Kills every process started here and every process left in these namespaces, then deletes them. Idempotent. */
    @Override
    public synchronized void close() {
        if (Thread.currentThread() != cleanupAtExit) {
            Runtime.getRuntime().removeShutdownHook(cleanupAtExit);
        }
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        for (Process process : processes) {
            process.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> process).join();
        }
        processes.clear();
        for (String ns : List.copyOf(namespaces)) {
            try {
                // Anything still inside (a child that escaped its parent) lives in a namespace only we made.
                for (String pid : runQuietly("ip", "netns", "pids", ns).split("\\s+")) {
                    if (!pid.isBlank()) {
                        ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
                runQuietly("ip", "netns", "del", ns);
                namespaces.remove(ns);
            } catch (IOException | InterruptedException | RuntimeException e) {
                log.warn("could not delete namespace {}: {}", ns, e.toString());
            }
        }
    }

    /** The namespaces this harness made and has not deleted (empty after {@link #close()}). */
    public synchronized List<String> namespaces() {
        return List.copyOf(namespaces);
    }

    private String switchNamespace() {
        return name + "-sw";
    }

    private String port(int host) {
        return "p" + host;
    }

    private void addNamespace(String ns) throws IOException, InterruptedException {
        ip("netns", "add", ns);
        namespaces.add(ns);
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(COMMAND_TIMEOUT_S, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish");
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: "
                    + new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
        }
    }

    private static String runQuietly(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(COMMAND_TIMEOUT_S, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return "";
        }
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
