package gamegrid.mapserver;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a map server runs; {@code config/mapserver.properties} explains each key.
 *
 * @param host             address to listen on (also what portals send players to)
 * @param port             port to listen on, 0 for any free port
 * @param maps             the maps this process hosts
 * @param mapDir           where the map files are
 * @param startMap         where new players begin
 * @param maxPlayers       players per hosted map; an enter beyond it gets {@code ERR full}
 * @param viewRadius       players see others within this many tiles (square view)
 * @param moveInterval     the speed limit: a move sooner than this after the last one gets {@code ERR too fast}
 * @param encounterPercent chance, per step onto a monster tile, that a battle starts
 * @param battleDeadline   a battle not finished by then may be abandoned by the map server
 * @param idleTimeout      a connection that sends nothing for this long is closed
 * @param maxLineLength    longest command line in bytes
 * @param memcached        the state store
 * @param storeTimeout     a memcached request unanswered for this long counts as the store being down
 * @param seed             seeds the encounter rolls (0: at random)
 * @param metricsPort      where {@code GET /metrics} listens (0: any free port, -1: nowhere)
 */
public record MapSettings(String host, int port, List<String> maps, Path mapDir, String startMap, int maxPlayers,
                          int viewRadius, Duration moveInterval, int encounterPercent, Duration battleDeadline,
                          Duration idleTimeout, int maxLineLength, InetSocketAddress memcached,
                          Duration storeTimeout, long seed, int metricsPort) {
    public MapSettings {
        Objects.requireNonNull(host, "host");
        maps = List.copyOf(maps);
        Objects.requireNonNull(mapDir, "mapDir");
        Objects.requireNonNull(startMap, "startMap");
        Objects.requireNonNull(moveInterval, "moveInterval");
        Objects.requireNonNull(battleDeadline, "battleDeadline");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(memcached, "memcached");
        Objects.requireNonNull(storeTimeout, "storeTimeout");
        if (maps.isEmpty()) {
            throw new IllegalArgumentException("a map server hosts at least one map");
        }
    }
}
