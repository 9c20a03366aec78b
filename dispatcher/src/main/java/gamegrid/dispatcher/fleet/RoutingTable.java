package gamegrid.dispatcher.fleet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hot path of one kind of server: every instance's players and reserved seats, and for each route
 * (a map, or the one route of battle and chat servers) a heap of the routable instances, least loaded
 * first. Event loops reserve seats ({@code get}) and count players ({@code add}/{@code del}) here; the
 * {@link FleetController} adds and removes servers and opens or closes them for routing.
 *
 * <p>Guarded by its own monitor, which is held only for a few heap operations: nothing here blocks,
 * launches, reads files or completes a future.
 */
final class RoutingTable {
    private final String kind;
    private final int maxPlayers;
    private final int reservationSlots;
    private final Map<ServerAddress, Map<String, Instance>> byAddress = new HashMap<>();
    private final Map<String, RoutingHeap> routable = new HashMap<>();

    RoutingTable(String kind, int maxPlayers, int reservationSlots) {
        this.kind = kind;
        this.maxPlayers = maxPlayers;
        this.reservationSlots = reservationSlots;
    }

    /**
     * Reserves {@code seats} on the least-loaded routable instance of {@code route} if it has room, and
     * returns its address; null when none has (the least loaded has no room, so none has).
     */
    synchronized ServerAddress tryReserve(String route, int seats, long tick) {
        RoutingHeap heap = routable.get(route);
        Instance best = heap == null ? null : heap.first();
        if (best == null || best.effectiveLoad() > maxPlayers - seats) {
            return null;
        }
        best.reservations.reserve(tick, seats);
        best.idleSinceNanos = 0;
        heap.update(best);
        return best.address;
    }

    /** A player arrived: counts it and claims the oldest reservation; null, or why the report is refused. */
    synchronized String claim(ServerAddress address, String route, long nowNanos) {
        Instance instance = instance(address, route);
        if (instance == null) {
            return unknown(address, route);
        }
        if (instance.load >= maxPlayers) {
            return kind + " server " + address.port() + " is full (" + instance.load + " players)";
        }
        instance.load++;
        instance.reservations.claimOldest();
        reordered(instance, nowNanos);
        return null;
    }

    /** A player left; null, or why the report is refused. */
    synchronized String release(ServerAddress address, String route, long nowNanos) {
        Instance instance = instance(address, route);
        if (instance == null) {
            return unknown(address, route);
        }
        if (instance.load == 0) {
            return kind + " server " + address.port() + " has no players" + (route.isEmpty() ? "" : " on " + route);
        }
        instance.load--;
        reordered(instance, nowNanos);
        return null;
    }

    private String unknown(ServerAddress address, String route) {
        return byAddress.containsKey(address) ? kind + " server " + address.port() + " does not host " + (route.isEmpty() ? "that route" : route)
                : "unknown port " + address.port();
    }

    /** Adds a server with its routes, not yet routable. */
    synchronized void add(ServerAddress address, List<String> routes, long nowNanos) {
        Map<String, Instance> instances = new LinkedHashMap<>();
        routes.forEach(route -> instances.put(route, new Instance(address, route, reservationSlots, nowNanos)));
        byAddress.put(address, instances);
    }

    /** Forgets a server and its reservations. */
    synchronized void remove(ServerAddress address) {
        close(address);
        byAddress.remove(address);
    }

    /** Promises seats on a server that is still starting, if its instance of {@code route} has room. */
    synchronized boolean reservePending(ServerAddress address, String route, int seats) {
        Instance instance = instance(address, route);
        if (instance == null || instance.effectiveLoad() > maxPlayers - seats) {
            return false;
        }
        instance.pending += seats;
        instance.idleSinceNanos = 0;
        return true;
    }

    /**
     * A server registered with its true loads. Players who arrived while its link was down are in them
     * but never claimed their reservations here: each of those arrivals claims one now, so no seat is
     * counted twice. Seats promised while it was starting start their expiry clock now.
     */
    synchronized void registered(ServerAddress address, Map<String, Integer> loads, long tick, long nowNanos) {
        Map<String, Instance> instances = byAddress.get(address);
        for (Instance instance : instances.values()) {
            int reported = loads.getOrDefault(instance.route, 0);
            int arrivals = Math.max(0, reported - instance.load);
            instance.reservations.advance(tick);
            int claimed = 0;
            while (claimed < arrivals && instance.reservations.claimOldest()) {
                claimed++; // each arrival takes the seat that was reserved for it
            }
            instance.load = reported;
            if (instance.pending > 0) {
                instance.reservations.reserve(tick, instance.pending);
                instance.pending = 0;
            }
            reordered(instance, nowNanos);
        }
    }

    /** Starts the expiry clock of the seats promised while the server was not yet routable. */
    synchronized void activatePending(ServerAddress address, long tick, long nowNanos) {
        for (Instance instance : byAddress.getOrDefault(address, Map.of()).values()) {
            instance.reservations.reserve(tick, instance.pending);
            instance.pending = 0;
            reordered(instance, nowNanos);
        }
    }

    /** Forgets the seats promised to a server that will not take them. */
    synchronized void dropPending(ServerAddress address, long nowNanos) {
        for (Instance instance : byAddress.getOrDefault(address, Map.of()).values()) {
            instance.pending = 0;
            reordered(instance, nowNanos);
        }
    }

    /** Makes a server's instances routable. */
    synchronized void open(ServerAddress address) {
        for (Instance instance : byAddress.getOrDefault(address, Map.of()).values()) {
            RoutingHeap heap = routable.computeIfAbsent(instance.route, r -> new RoutingHeap());
            if (!heap.contains(instance)) {
                heap.add(instance);
            }
        }
    }

    /** Takes a server's instances out of routing; their counters stay. */
    synchronized void close(ServerAddress address) {
        for (Instance instance : byAddress.getOrDefault(address, Map.of()).values()) {
            RoutingHeap heap = routable.get(instance.route);
            if (heap != null) {
                heap.remove(instance);
            }
        }
    }

    /** Moves every reservation clock to {@code tick}, releasing what expired. */
    synchronized void advance(long tick, long nowNanos) {
        for (Map<String, Instance> instances : byAddress.values()) {
            for (Instance instance : instances.values()) {
                if (instance.reservations.advance(tick) > 0) {
                    reordered(instance, nowNanos);
                }
            }
        }
    }

    /** A copy of one server's counters, route by route. */
    synchronized List<Load> loads(ServerAddress address) {
        List<Load> loads = new ArrayList<>();
        for (Instance instance : byAddress.getOrDefault(address, Map.of()).values()) {
            loads.add(new Load(instance.route, instance.load, instance.reservations.count() + instance.pending,
                    instance.idleSinceNanos));
        }
        return loads;
    }

    /** Players and promised seats of one route of one server, as read at one moment. */
    record Load(String route, int players, int reserved, long idleSinceNanos) {
        int effective() {
            return players + reserved;
        }
    }

    private Instance instance(ServerAddress address, String route) {
        Map<String, Instance> instances = byAddress.get(address);
        return instances == null ? null : instances.get(route);
    }

    /** Keeps the heap order and the idle clock in step after an instance's counters changed. */
    private void reordered(Instance instance, long nowNanos) {
        if (instance.heapSlot >= 0) {
            routable.get(instance.route).update(instance);
        }
        if (instance.effectiveLoad() > 0) {
            instance.idleSinceNanos = 0;
        } else if (instance.idleSinceNanos == 0) {
            instance.idleSinceNanos = nowNanos;
        }
    }
}
