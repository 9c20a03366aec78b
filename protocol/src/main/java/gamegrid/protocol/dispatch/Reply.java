package gamegrid.protocol.dispatch;

import java.util.List;
import java.util.Objects;

/** A line (or, for {@link Stats}, a counted block of lines) sent by the dispatcher. */
public sealed interface Reply {

    /** {@code HOST:PORT} of the battle server a client should connect to. */
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

    /** {@code DRAIN}: sent unasked to a battle server that should finish its battles, take no players and exit. */
    record Drain() implements Reply {
    }

    /** {@code STATS N} followed by N rows, one per battle server. */
    record Stats(List<ServerRow> servers) implements Reply {
        public Stats {
            servers = List.copyOf(servers);
        }
    }

    /** One battle server as {@code stats} shows it. */
    record ServerRow(int port, String state, int load, int reserved, long pid) {
        public ServerRow {
            Objects.requireNonNull(state, "state");
        }
    }
}
