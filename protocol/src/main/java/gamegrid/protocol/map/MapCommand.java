package gamegrid.protocol.map;

import java.util.Objects;

/** A line a player sends to a map server (see {@code protocol/MAP.md}). */
public sealed interface MapCommand {

    /**
     * {@code enter|TICKET} or {@code enter|TICKET|TOKEN}: come onto the map with a ticket, and with the
     * one-time transfer token a portal gave, when arriving through one.
     */
    record Enter(String ticket, String token) implements MapCommand {
        public Enter {
            Objects.requireNonNull(ticket, "ticket");
            Objects.requireNonNull(token, "token");
        }
    }

    /** {@code move|DIR}: one tile north, south, east or west. */
    record Move(Direction direction) implements MapCommand {
        public Move {
            Objects.requireNonNull(direction, "direction");
        }
    }

    /** {@code look}: who is in view. */
    record Look() implements MapCommand {
    }

    /** {@code where}: one's own state. */
    record Where() implements MapCommand {
    }

    /** {@code ping}: answered with {@code PONG}. */
    record Ping() implements MapCommand {
    }

    /** {@code quit}: leave; the state stays where it is, saved. */
    record Quit() implements MapCommand {
    }

    /** A line that is not a valid command; answered with {@code ERR reason}. */
    record Invalid(String reason) implements MapCommand {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
