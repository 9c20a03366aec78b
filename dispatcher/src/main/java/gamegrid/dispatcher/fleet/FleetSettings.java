package gamegrid.dispatcher.fleet;

import java.time.Duration;

/**
 * How the dispatcher sizes and watches its fleet of battle servers.
 *
 * @param maxPlayers         per-server cap, the original's {@code MAXNUM}
 * @param firstPort          port of the first battle server; later ones take the next free port
 * @param minServers         servers kept running even when idle
 * @param maxServers         servers never exceeded; with all of them full, {@code get} is refused
 * @param warmSpares         servers started ahead, at most, when free seats fall below {@code spareHighWater}
 * @param spareHighWater     free seats the fleet tries to keep ahead of demand (0 disables starting ahead)
 * @param reservationTimeout how long a seat handed out by {@code get} waits for its {@code add}
 * @param startTimeout       how long a new server may take to register before it is given up
 * @param idleTimeout        how long a server beyond the minimum may stay empty before it is drained
 * @param heartbeatTimeout   silence after which a server is taken out of routing
 * @param drainTimeout       how long a drained server may take to exit before it is killed
 * @param adoptWindow        after start, how long running servers get to re-register before new ones are started
 */
public record FleetSettings(
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
        Duration adoptWindow) {

    public FleetSettings {
        if (maxPlayers < 1 || minServers < 0 || maxServers < 1 || minServers > maxServers || warmSpares < 0
                || spareHighWater < 0 || firstPort < 1 || firstPort > 65_535) {
            throw new IllegalArgumentException("inconsistent fleet settings");
        }
    }
}
