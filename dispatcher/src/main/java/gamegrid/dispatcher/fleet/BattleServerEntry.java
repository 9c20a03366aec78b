package gamegrid.dispatcher.fleet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One battle server in the fleet's table. Mutable, and only ever touched under the {@link Fleet}'s lock. */
final class BattleServerEntry {
    /** Least loaded first; the port breaks ties so that distinct servers never compare equal. */
    static final Comparator<BattleServerEntry> BY_LOAD =
            Comparator.comparingInt(BattleServerEntry::effectiveLoad).thenComparingInt(e -> e.port);

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
