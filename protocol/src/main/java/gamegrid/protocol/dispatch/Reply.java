package gamegrid.protocol.dispatch;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A line (or, for {@link Stats}, a counted block of lines) sent by the dispatcher. */
public sealed interface Reply {

    /** {@code HOST:PORT} of the server a client should connect to. */
    record Endpoint(String host, int port) implements Reply {
        public Endpoint {
            Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("port out of range " + port);
            }
        }
    }

    /** {@code OK} or {@code OK detail}. */
    record Ok(String detail) implements Reply {
        public static final Ok PLAIN = new Ok("");

        public Ok {
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** {@code PONG}, the answer to a heartbeat. */
    record Pong() implements Reply {
    }

    /** {@code ERR reason}: the command was refused and changed nothing. */
    record Err(String reason) implements Reply {
        public Err {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** {@code DRAIN}: sent unasked to a server that should finish its players' business, take no players and exit. */
    record Drain() implements Reply {
    }

    /**
     * {@code ALLOCATE}: sent unasked to an empty server the dispatcher is about to route players to. The server
     * marks itself Allocated (under Agones, so that the fleet's autoscaler never removes it) and answers with
     * {@link Request.Allocated}; only then does the dispatcher hand its address out.
     */
    record Allocate() implements Reply {
    }

    /** {@code STATS N} followed by N rows: one per kind of server, then one per server. */
    record Stats(List<KindRow> kinds, List<ServerRow> servers) implements Reply {
        public Stats {
            kinds = List.copyOf(kinds);
            servers = List.copyOf(servers);
        }
    }

    /**
     * One kind of server as {@code stats} shows it: {@code kind battle servers=2 ready=2 players=5 reserved=1
     * failures=0}, and while launches fail, {@code backoff=MS cause=TEXT} (the cause runs to the end of the line).
     */
    record KindRow(String kind, int servers, int ready, int players, int reserved, int failures, long backoffMillis,
                   String cause) {
        public KindRow {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(cause, "cause");
        }
    }

    /**
     * One server as {@code stats} shows it: {@code server KIND HOST:PORT STATE load=N reserved=N uptime=S}, and for
     * map servers {@code routes=MAP:PLAYERS,...}. Pids are not shown: they are for operators, not clients.
     */
    record ServerRow(String kind, String host, int port, String state, int load, int reserved, long uptimeSeconds,
                     Map<String, Integer> routes) {
        public ServerRow {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(state, "state");
            routes = Map.copyOf(routes);
        }
    }
}
