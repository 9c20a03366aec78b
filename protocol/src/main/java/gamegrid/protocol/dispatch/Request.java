package gamegrid.protocol.dispatch;

import java.util.Objects;

/** A command sent to the dispatcher, one per line. */
public sealed interface Request {

    /**
     * {@code get} or {@code get|SEATS}: asks for the least-loaded battle server with room for {@code seats}
     * players who must play together (a PvP pair asks for two); answered with {@code HOST:PORT}.
     */
    record Get(int seats) implements Request {
        /** The most seats one {@code get} may reserve: a party, not a way to hoard a server. */
        public static final int MAX_SEATS = 64;

        public Get {
            if (seats < 1 || seats > MAX_SEATS) {
                throw new IllegalArgumentException("seats must be 1 to " + MAX_SEATS + ": " + seats);
            }
        }

        /** The original {@code get}, by far the most frequent request: decoded without allocating. */
        public static final Get ONE = new Get(1);

        /** The original {@code get}: one seat. */
        public Get() {
            this(1);
        }
    }

    /** {@code add|PORT}: a player joined the battle server on {@code port}. */
    record Add(int port) implements Request {
        public Add {
            checkPort(port);
        }
    }

    /** {@code del|PORT}: a player left the battle server on {@code port}. */
    record Del(int port) implements Request {
        public Del {
            checkPort(port);
        }
    }

    /** {@code stats}: one row per battle server with its load, reservations and state. */
    record Stats() implements Request {
    }

    /** {@code session}: keeps the connection open for many commands instead of closing after one. */
    record Session() implements Request {
    }

    /**
     * {@code register|PORT|SECRET|LOAD|PID}: a battle server announces itself, proves it holds the
     * dispatcher's secret, and states its current load; the connection stays open as its control link.
     */
    record Register(int port, String secret, int load, long pid) implements Request {
        /** Environment variable that carries the secret to a launched battle server, off the command line where ps shows it. */
        public static final String SECRET_ENV = "GAMEGRID_SECRET";

        public Register {
            checkPort(port);
            Objects.requireNonNull(secret, "secret");
            if (load < 0) {
                throw new IllegalArgumentException("negative load " + load);
            }
        }

        @Override
        public String toString() {
            return "Register[port=" + port + ", load=" + load + ", pid=" + pid + "]"; // keeps the secret out of logs
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
