package gamegrid.dispatcher.fleet;

import java.time.Duration;
import java.util.List;

/**
 * How the dispatcher runs one kind of server process: its pool's size, ports, timers, and how it is launched.
 * Battle, map and chat servers are each one of these; a new kind is a new section of config.
 *
 * @param kind               {@code battle}, {@code map} or {@code chat}: the name in {@code register} and {@code stats}
 * @param mainClass          the class each process of this kind starts from, in the dispatcher's own jar
 * @param maxPlayers         per-instance cap (the original's {@code MAXNUM}; for map servers, per map)
 * @param firstPort          port of the first server; later ones take the next free port
 * @param minServers         servers kept running even when idle
 * @param maxServers         servers never exceeded; with all of them full, requests are refused
 * @param warmSpares         servers started ahead, at most, when free seats fall below {@code spareHighWater}
 * @param spareHighWater     free seats the pool tries to keep ahead of demand (0 disables starting ahead)
 * @param reservationTimeout how long a seat handed out waits for its {@code add}
 * @param startTimeout       how long a new server may take to register before it is given up
 * @param idleTimeout        how long a server beyond the minimum may stay empty before it is drained
 * @param heartbeatTimeout   silence after which a server is taken out of routing
 * @param drainTimeout       how long a drained server may take to exit before it is killed
 * @param routes             the routes a request may name (map ids); empty for kinds with one route
 * @param routesPerServer    how many routes (maps) one process hosts
 * @param options            extra {@code --key=value} arguments for every process of this kind
 * @param jvmOptions         JVM options of this kind's processes; empty: the launch section's, for every kind
 * @param launchLocal        whether the dispatcher launches servers of this kind itself, or only routes to
 *                           servers started elsewhere (other hosts' init systems, Agones)
 */
public record KindConfig(
        String kind,
        String mainClass,
        int maxPlayers,
        int firstPort,
        int minServers,
        int maxServers,
        int warmSpares,
        int spareHighWater,
        Duration reservationTimeout,
        Duration startTimeout,
        Duration idleTimeout,
        Duration heartbeatTimeout,
        Duration drainTimeout,
        List<String> routes,
        int routesPerServer,
        List<String> options,
        List<String> jvmOptions,
        boolean launchLocal) {

    public KindConfig {
        routes = List.copyOf(routes);
        options = List.copyOf(options);
        jvmOptions = List.copyOf(jvmOptions);
        if (maxPlayers < 1 || minServers < 0 || maxServers < 1 || minServers > maxServers || warmSpares < 0
                || spareHighWater < 0 || firstPort < 1 || firstPort > 65_535 || routesPerServer < 1) {
            throw new IllegalArgumentException("inconsistent config for " + kind + " servers");
        }
    }

    /** Whether requests name a route (a map) rather than any server of the kind. */
    boolean routed() {
        return !routes.isEmpty();
    }
}
