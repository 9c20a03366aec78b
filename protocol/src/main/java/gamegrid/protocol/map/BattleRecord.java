package gamegrid.protocol.map;

import gamegrid.protocol.Fields;
import gamegrid.protocol.ProtocolException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one record of a battle started from a map, kept in memcached under {@link #key(String)}. It is the
 * single place a battle's outcome is decided, and every change to it is a CAS, so the outcome is set
 * exactly once: the map server creates it {@code pending}, a battle server claims it ({@code fighting}) and
 * writes the result ({@code win}, {@code lose}, {@code draw}); a map server whose player comes back from a
 * battle that never started, or whose deadline passed, closes it as {@code abandoned}. Whichever CAS comes
 * first wins; the others see a conflict and change nothing. The map server then applies the final phase to
 * the player's state in one CAS that also clears the battle id, so the reward is paid exactly once.
 *
 * @param player         the name whose ticket may fight it
 * @param phase          where the battle stands
 * @param deadlineMillis epoch milliseconds after which a battle still {@code fighting} may be abandoned
 */
public record BattleRecord(String player, Phase phase, long deadlineMillis) {
    /** Battle ids: random hex, unguessable, so nobody fights (or abandons) another player's battle. */
    public static final Pattern BATTLE_ID = Pattern.compile("[0-9a-f]{16,32}");
    /** What a won battle pays, applied by the map server; bots check their totals against these. */
    public static final int WIN_XP = 10;
    public static final int WIN_GOLD = 5;

    public enum Phase {
        PENDING, FIGHTING, WIN, LOSE, DRAW, ABANDONED;

        /** Whether the battle is over and its outcome fixed. */
        public boolean finished() {
            return this != PENDING && this != FIGHTING;
        }
    }

    public BattleRecord {
        Objects.requireNonNull(player, "player");
        Objects.requireNonNull(phase, "phase");
    }

    /** The memcached key of battle {@code battleId}. */
    public static String key(String battleId) {
        return "gg:b:" + battleId;
    }

    public BattleRecord in(Phase next) {
        return new BattleRecord(player, next, deadlineMillis);
    }

    /** The stored value: {@code PLAYER|PHASE|DEADLINE}. */
    public String encode() {
        return player + "|" + phase.name().toLowerCase(Locale.ROOT) + "|" + deadlineMillis;
    }

    public static BattleRecord decode(String value) throws ProtocolException {
        String[] parts = value.split("\\|", -1);
        if (parts.length != 3) {
            throw new ProtocolException("bad battle record: " + Fields.printable(value));
        }
        try {
            return new BattleRecord(parts[0], Phase.valueOf(parts[1].toUpperCase(Locale.ROOT)), Long.parseLong(parts[2]));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("bad battle record: " + Fields.printable(value));
        }
    }
}
