package gamegrid.protocol.dispatch;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** A command sent to the dispatcher, one per line. */
public sealed interface Request {
    /** Kinds of server process the dispatcher routes to (see {@code protocol/DISPATCH.md}). */
    String BATTLE = "battle";
    String MAP = "map";
    String CHAT = "chat";

    /** A route key: a map id, or empty for kinds with one route. Safe in a line, a log and a file name. */
    Pattern ROUTE = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    /**
     * A request for a server of {@code kind} on {@code route} with room for {@code seats} players who must
     * play together: {@code get} and {@code get|SEATS} (a battle server), {@code map|MAPID} (a map server
     * hosting that map), {@code chat} (the chat server). Answered with {@code HOST:PORT}.
     */
    record Get(String kind, String route, int seats) implements Request {
        /** The most seats one {@code get} may reserve: a party, not a way to hoard a server. */
        public static final int MAX_SEATS = 64;

        /** The original {@code get}, by far the most frequent request: decoded without allocating. */
        public static final Get ONE = new Get(BATTLE, "", 1);

        public Get {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(route, "route");
            if (seats < 1 || seats > MAX_SEATS) {
                throw new IllegalArgumentException("seats must be 1 to " + MAX_SEATS + ": " + seats);
            }
        }

        /** {@code get|SEATS}: a party on one battle server. */
        public Get(int seats) {
            this(BATTLE, "", seats);
        }
    }

    /** {@code add|PORT} or {@code add|PORT|ROUTE}: a player joined the server on {@code port} (on that map). */
    record Add(int port, String route) implements Request {
        public Add {
            checkPort(port);
            Objects.requireNonNull(route, "route");
        }

        public Add(int port) {
            this(port, "");
        }
    }

    /** {@code del|PORT} or {@code del|PORT|ROUTE}: a player left the server on {@code port} (that map). */
    record Del(int port, String route) implements Request {
        public Del {
            checkPort(port);
            Objects.requireNonNull(route, "route");
        }

        public Del(int port) {
            this(port, "");
        }
    }

    /** {@code stats}: the fleet, one row per kind and per server. */
    record Stats() implements Request {
    }

    /** {@code health}: whether the dispatcher can answer a {@code get} at once. */
    record Health() implements Request {
    }

    /** {@code session}: keeps the connection open for many commands instead of closing after one. */
    record Session() implements Request {
    }

    /**
     * {@code register|KIND|[HOST:]PORT|CREDENTIAL|LOAD|PID[|ROUTES]} (or the battle servers' older
     * {@code register|PORT|CREDENTIAL|LOAD|PID}): a server announces itself, proves it was launched by this
     * dispatcher (its own credential) or belongs to the world (the world's secret), and states its load; for
     * map servers {@code routes} holds each hosted map with its players. {@code host} is the address players
     * reach it at, empty for the dispatcher's own host. The connection stays open as its control link.
     */
    record Register(String kind, String host, int port, String credential, int load, long pid, Map<String, Integer> routes)
            implements Request {
        /** Environment variable that carries a launched server's own credential, off the command line where ps shows it. */
        public static final String CREDENTIAL_ENV = "GAMEGRID_SERVER_CREDENTIAL";

        public Register {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(host, "host");
            checkPort(port);
            Objects.requireNonNull(credential, "credential");
            if (load < 0) {
                throw new IllegalArgumentException("negative load " + load);
            }
            routes = Map.copyOf(routes);
        }

        /** A battle server's registration, on the dispatcher's own host. */
        public Register(int port, String credential, int load, long pid) {
            this(BATTLE, "", port, credential, load, pid, Map.of());
        }

        /** A registration on the dispatcher's own host. */
        public Register(String kind, int port, String credential, int load, long pid, Map<String, Integer> routes) {
            this(kind, "", port, credential, load, pid, routes);
        }

        @Override
        public String toString() {
            // Keeps the credential out of logs.
            return "Register[kind=" + kind + ", host=" + host + ", port=" + port + ", load=" + load + ", pid=" + pid + ", routes=" + routes + "]";
        }
    }

    /**
     * {@code allocated|PORT} or {@code not-allocated|PORT}: a server's answer to {@code ALLOCATE}: it is now
     * Allocated (or has nothing to mark, outside Agones), or its orchestrator refused and it must not get players.
     */
    record Allocated(int port, boolean allocated) implements Request {
        public Allocated {
            checkPort(port);
        }
    }

    /** {@code ping}: a heartbeat; answered with {@code PONG}. */
    record Ping() implements Request {
    }

    /** {@code quit}: closes the connection after the reply. */
    record Quit() implements Request {
    }

    /** A line that is not a valid command; it is answered with {@code ERR reason} in its turn. */
    record Invalid(String reason) implements Request {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
        }
    }

    private static void checkPort(int port) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port out of range " + port);
        }
    }
}
