package gamegrid.protocol.map;

import java.util.Objects;

/** A line a map server sends to a player (see {@code protocol/MAP.md}). */
public sealed interface MapEvent {

    /** {@code YOU|NAME|MAP|X|Y|HP|XP|GOLD}: one's own state, after {@code enter} and {@code where}. */
    record You(String name, String map, int x, int y, int hp, int xp, int gold) implements MapEvent {
        public You {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(map, "map");
        }
    }

    /** {@code SEE|NAME|X|Y}: another player came into view. */
    record See(String name, int x, int y) implements MapEvent {
        public See {
            Objects.requireNonNull(name, "name");
        }
    }

    /** {@code MOVED|NAME|X|Y}: a player in view (oneself included) moved. */
    record Moved(String name, int x, int y) implements MapEvent {
        public Moved {
            Objects.requireNonNull(name, "name");
        }
    }

    /** {@code GONE|NAME}: a player left view or the map. */
    record Gone(String name) implements MapEvent {
        public Gone {
            Objects.requireNonNull(name, "name");
        }
    }

    /** {@code LOOK|N}: the answer to {@code look}, followed by N {@code SEE} lines. */
    record Look(int count) implements MapEvent {
    }

    /**
     * {@code PORTAL|HOST:PORT|MAP|TOKEN}: the player stepped through a portal and is saved as in transit;
     * connect to HOST:PORT and send {@code enter|TICKET|TOKEN}. The server closes this connection.
     */
    record Portal(String host, int port, String map, String token) implements MapEvent {
        public Portal {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(map, "map");
            Objects.requireNonNull(token, "token");
        }
    }

    /**
     * {@code BATTLE|ID}: a monster attacked; the player is parked. Ask the dispatcher {@code get}, send the
     * battle server {@code pve|TICKET|ID}, then come back with {@code enter|TICKET}. The server closes this connection.
     */
    record Battle(String battleId) implements MapEvent {
        public Battle {
            Objects.requireNonNull(battleId, "battleId");
        }
    }

    /** {@code MAP|MAP}: the player's state is on another map: ask the dispatcher {@code map|MAP} and enter there. */
    record Elsewhere(String map) implements MapEvent {
        public Elsewhere {
            Objects.requireNonNull(map, "map");
        }
    }

    /** {@code PONG}. */
    record Pong() implements MapEvent {
    }

    /** {@code ERR reason}: the command changed nothing. */
    record Err(String reason) implements MapEvent {
        public Err {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
