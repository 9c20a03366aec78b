package gamegrid.dispatcher.fleet;

import java.util.Comparator;

/**
 * One route of one server as routing sees it: a battle server (its one route), or one map on a map server.
 * Its counters are owned by the {@link RoutingTable} and only touched under its lock.
 */
final class Instance {
    /** Least loaded first; the address breaks ties so that distinct instances never compare equal. */
    static final Comparator<Instance> BY_LOAD = (a, b) -> {
        int byLoad = Integer.compare(a.effectiveLoad(), b.effectiveLoad());
        if (byLoad != 0) {
            return byLoad;
        }
        int byPort = Integer.compare(a.address.port(), b.address.port());
        return byPort != 0 ? byPort : a.address.host().compareTo(b.address.host());
    };

    final ServerAddress address;
    final String route;
    final Reservations reservations;
    int load;
    /** Seats promised while the server was still starting; their expiry clock starts when it is ready. */
    int pending;
    /** When this instance last became empty, for scale-down; 0 while it has players or promised seats. */
    long idleSinceNanos;
    /** Where this instance sits in its route's {@link RoutingHeap}; -1 when it is not routable. */
    int heapSlot = -1;

    Instance(ServerAddress address, String route, int reservationSlots, long nowNanos) {
        this.address = address;
        this.route = route;
        this.reservations = new Reservations(reservationSlots);
        this.idleSinceNanos = nowNanos;
    }

    /** Players plus seats promised to players on their way. */
    int effectiveLoad() {
        return load + reservations.count() + pending;
    }
}
