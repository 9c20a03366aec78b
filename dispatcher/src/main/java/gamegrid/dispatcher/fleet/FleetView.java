package gamegrid.dispatcher.fleet;

import java.util.List;
import java.util.Map;

/**
 * The fleet at one moment, for {@code stats}, metrics and the status page: one row per kind, one per server.
 *
 * @param kinds   each kind of server with its totals and crash-loop state
 * @param servers each server, by kind then port
 */
public record FleetView(List<KindView> kinds, List<ServerView> servers) {
    public FleetView {
        kinds = List.copyOf(kinds);
        servers = List.copyOf(servers);
    }

    /** A kind's totals; {@code failures} starts in a row that failed, {@code cause} the last one's, {@code backoffMillis} the wait left. */
    public record KindView(String kind, int servers, int ready, int players, int reserved, int failures,
                           long backoffMillis, String cause) {
    }

    /**
     * One server: {@code pid} 0 when unknown; {@code launched} whether this dispatcher (or one before it, by
     * the roster) launched it, so that it may be signalled; {@code routes} players per map for map servers.
     */
    public record ServerView(String kind, String host, int port, ServerState state, int players, int reserved, long uptimeSeconds,
                             Map<String, Integer> routes, long pid, boolean launched) {
        public ServerView {
            routes = Map.copyOf(routes);
        }
    }
}
