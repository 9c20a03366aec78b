package gamegrid.dispatcher.fleet;

import java.util.ArrayList;
import java.util.List;

/** One server in the fleet's table: its life as the dispatcher sees it. Owned by the {@link FleetController}'s thread. */
final class ServerEntry {
    final Pool pool;
    final ServerAddress address;
    final int port;
    /** The maps it hosts, or the one empty route of a kind without maps. */
    final List<String> routes;
    /** What it must register with; null for a server that proved itself with the world's secret. */
    final String credential;
    final long startedNanos;
    final List<Waiter> waiters = new ArrayList<>();
    ServerState state;
    /** The process, once launched or adopted; only such a process is ever signalled. */
    ServerProcess process;
    /** Launched and not yet known to have a process: a stop must wait for the launch to report. */
    boolean launching;
    /** Left running by an earlier dispatcher and taken back from the roster, not launched by this one. */
    boolean adopted;
    ControlLink link;
    /** Marked allocated (or of a kind that does not ask): players may be sent to it. */
    boolean allocated;
    /** {@code ALLOCATE} sent, answer awaited since {@code allocatingSinceNanos}. */
    boolean allocating;
    long allocatingSinceNanos;
    long lastSeenNanos;
    long drainingSinceNanos;

    ServerEntry(Pool pool, ServerAddress address, List<String> routes, String credential, ServerState state, long nowNanos) {
        this.pool = pool;
        this.address = address;
        this.port = address.port();
        this.routes = List.copyOf(routes);
        this.credential = credential;
        this.state = state;
        this.startedNanos = nowNanos;
        this.lastSeenNanos = nowNanos;
    }

    /** A server the dispatcher did not launch: routed and drained, never signalled or relaunched. */
    boolean external() {
        return credential == null;
    }

    String kind() {
        return pool.config.kind();
    }

    long pid() {
        return process == null ? 0 : process.pid();
    }

    @Override
    public String toString() {
        return kind() + " server " + address;
    }
}
