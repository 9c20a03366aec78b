package gamegrid.dispatcher.fleet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/** A launcher that starts nothing: it records launches and hands out processes the test ends by hand. */
public final class RecordingLauncher implements Launcher {
    private final AtomicLong pids = new AtomicLong(1000);
    public final List<FakeProcess> launched = new ArrayList<>();
    public final List<Integer> ports = new ArrayList<>();
    public final List<String> credentials = new ArrayList<>();
    public final List<List<String>> routes = new ArrayList<>();
    /** Processes the roster may name and that {@link #adopt} finds, by pid. */
    public final List<FakeProcess> running = new ArrayList<>();
    /** When set, every launch fails as a missing executable would. */
    public volatile boolean failLaunches;

    @Override
    public synchronized ServerProcess launch(KindConfig kind, int port, List<String> routes, String credential) throws IOException {
        if (failLaunches) {
            throw new IOException("Cannot run program \"/nonexistent/java\": error=2, No such file or directory");
        }
        FakeProcess process = new FakeProcess(pids.incrementAndGet());
        launched.add(process);
        running.add(process);
        ports.add(port);
        credentials.add(credential);
        this.routes.add(routes);
        return process;
    }

    @Override
    public synchronized Optional<ServerProcess> adopt(Roster.Entry entry) {
        return running.stream().filter(p -> p.pid == entry.pid() && p.isAlive()).findFirst().map(p -> p);
    }

    @Override
    public boolean portFree(int port) {
        return true;
    }

    public synchronized int launches() {
        return launched.size();
    }

    /** A process that lives until the test, or the fleet, ends it. */
    public static final class FakeProcess implements ServerProcess {
        final long pid;
        public final CompletableFuture<String> exited = new CompletableFuture<>();
        volatile boolean killed;
        volatile boolean terminated;

        FakeProcess(long pid) {
            this.pid = pid;
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public CompletableFuture<String> exited() {
            return exited;
        }

        @Override
        public boolean isAlive() {
            return !exited.isDone();
        }

        @Override
        public void terminate() {
            terminated = true;
            exited.complete("terminated");
        }

        @Override
        public void kill() {
            killed = true;
            exited.complete("killed");
        }
    }

    /** A control link that records what the fleet told it. */
    public static final class FakeLink implements ControlLink {
        volatile boolean drained;
        volatile int allocateAsked;
        volatile boolean open = true;

        @Override
        public void drain() {
            drained = true;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void allocate() {
            allocateAsked++;
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
