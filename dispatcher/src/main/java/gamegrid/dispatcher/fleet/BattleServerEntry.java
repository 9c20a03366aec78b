package gamegrid.dispatcher.fleet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One battle server in the fleet's table. Mutable, and only ever touched under the {@link Fleet}'s lock. */
final class BattleServerEntry {
    /** Least loaded first; the port breaks ties so that distinct servers never compare equal. */
    static final Comparator<BattleServerEntry> BY_LOAD = (a, b) -> {
        int byLoad = Integer.compare(a.effectiveLoad(), b.effectiveLoad());
        return byLoad != 0 ? byLoad : Integer.compare(a.port, b.port);
    };

    final int port;
    final long startedNanos;
    final Reservations reservations;
    final List<CompletableFuture<Integer>> waiters = new ArrayList<>();
    ServerState state;
    BattleProcess process;
    ControlLink link;
    int load;
    long lastSeenNanos;
    long idleSinceNanos;
    long drainingSinceNanos;
    /** Where this entry sits in the fleet's {@link RoutingHeap}; -1 when it is not routable. */
    int heapSlot = -1;

    BattleServerEntry(int port, ServerState state, int reservationSlots, long nowNanos) {
        this.port = port;
        this.state = state;
        this.reservations = new Reservations(reservationSlots);
        this.startedNanos = nowNanos;
        this.lastSeenNanos = nowNanos;
        this.idleSinceNanos = nowNanos;
    }

    /** Players plus seats promised to players on their way. */
    int effectiveLoad() {
        return load + reservations.count();
    }

    long pid() {
        return process == null ? 0 : process.pid();
    }
}
