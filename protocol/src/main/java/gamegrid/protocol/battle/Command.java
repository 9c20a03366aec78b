package gamegrid.protocol.battle;

import java.util.Objects;
import java.util.regex.Pattern;

/** A line a player sends to a battle server. */
public sealed interface Command {

    /**
     * {@code pve}: fight a pack of monsters alone; {@code pve|TICKET|BATTLE}: fight the battle a map server
     * parked the ticket's player in (see {@code protocol/MAP.md}), whose outcome is recorded in memcached.
     */
    record Pve(String ticket, String battleId) implements Command {
        public Pve {
            Objects.requireNonNull(ticket, "ticket");
            Objects.requireNonNull(battleId, "battleId");
            if (ticket.isEmpty() != battleId.isEmpty()) {
                throw new IllegalArgumentException("a map battle needs both a ticket and a battle id");
            }
        }

        /** A plain PvE battle, not started from a map. */
        public Pve() {
            this("", "");
        }

        public boolean fromMap() {
            return !battleId.isEmpty();
        }
    }

    /**
     * {@code pvp} or {@code pvp|ROOM}: fight the next player who asks for the same room; the empty room
     * pairs strangers in arrival order, a room code pairs friends who agreed on it.
     */
    record Pvp(String room) implements Command {
        /** Room codes are short tokens so they can be echoed and logged as they are. */
        public static final Pattern ROOM = Pattern.compile("[A-Za-z0-9_-]{0,32}");

        public Pvp {
            Objects.requireNonNull(room, "room");
            if (!ROOM.matcher(room).matches()) {
                throw new IllegalArgumentException("bad room " + room);
            }
        }
    }

    /** {@code ping}: answered with {@code PONG}; keeps a waiting connection from being closed as idle. */
    record Ping() implements Command {
    }

    /** {@code quit}: closes the connection; in a battle that counts as leaving it. */
    record Quit() implements Command {
    }

    /** A line that is not a valid command; it is answered with {@code ERR reason}. */
    record Invalid(String reason) implements Command {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** An order for one fighter in the current round; the fighter is named so a player can only order its own. */
    sealed interface Action extends Command {
        int actor();
    }

    /** {@code attack|ACTOR|TARGET}: a plain blow at a foe. */
    record Attack(int actor, int target) implements Action {
        public Attack {
            Checks.fighter(actor);
            Checks.fighter(target);
        }
    }

    /** {@code defend|ACTOR}: halves the damage the fighter takes for the whole round. */
    record Defend(int actor) implements Action {
        public Defend {
            Checks.fighter(actor);
        }
    }

    /** {@code skill|ACTOR|SKILL|TARGET}: uses a ready skill on a foe ({@code smash}) or a team mate ({@code heal}). */
    record UseSkill(int actor, Skill skill, int target) implements Action {
        public UseSkill {
            Checks.fighter(actor);
            Objects.requireNonNull(skill, "skill");
            Checks.fighter(target);
        }
    }
}
