package gamegrid.mapserver;

import java.util.Locale;
import java.util.Objects;

/**
 * A player's saved state, as it lives in memcached under {@link #key(String)}. {@code version} grows by one
 * with every write; {@code owner} names the map server that wrote it last (for operators: the fencing itself
 * is memcached's CAS); {@code token} is the one-time transfer token while in transit; {@code battle} the
 * battle id while parked in a battle.
 */
public record PlayerState(String map, int x, int y, int hp, int xp, int gold, long version,
                          Status status, String owner, String token, String battle) {
    public static final int START_HP = 100;

    /** Where the player is: on a map, between maps with a transfer token, or parked in a battle. */
    public enum Status { ON_MAP, TRANSIT, BATTLE }

    public PlayerState {
        Objects.requireNonNull(map, "map");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(battle, "battle");
    }

    /** A new player on the spawn point of {@code map}. */
    public static PlayerState fresh(String map, int x, int y) {
        return new PlayerState(map, x, y, START_HP, 0, 0, 1, Status.ON_MAP, "", "", "");
    }

    /** The memcached key of a player's state. */
    public static String key(String name) {
        return "gg:p:" + name;
    }

    public PlayerState at(int newX, int newY) {
        return new PlayerState(map, newX, newY, hp, xp, gold, version, status, owner, token, battle);
    }

    public PlayerState withVersion(long newVersion) {
        return new PlayerState(map, x, y, hp, xp, gold, newVersion, status, owner, token, battle);
    }

    /** On a map, owned by {@code newOwner}, with no token and no battle. */
    public PlayerState onMap(String newOwner) {
        return new PlayerState(map, x, y, hp, xp, gold, version, Status.ON_MAP, newOwner, "", "");
    }

    /** In transit to a tile of another map, with the token that lets the player in there. */
    public PlayerState inTransit(String newMap, int newX, int newY, String newToken) {
        return new PlayerState(newMap, newX, newY, hp, xp, gold, version, Status.TRANSIT, "", newToken, "");
    }

    public PlayerState inBattle(String battleId) {
        return new PlayerState(map, x, y, hp, xp, gold, version, Status.BATTLE, owner, "", battleId);
    }

    public PlayerState rewarded(int moreXp, int moreGold) {
        return new PlayerState(map, x, y, hp, xp + moreXp, gold + moreGold, version, status, owner, token, battle);
    }

    /** The stored value: {@code 1|MAP|X|Y|HP|XP|GOLD|VERSION|STATUS|OWNER|TOKEN|BATTLE}. */
    public String encode() {
        return String.join("|", "1", map, Integer.toString(x), Integer.toString(y), Integer.toString(hp),
                Integer.toString(xp), Integer.toString(gold), Long.toString(version),
                status.name().toLowerCase(Locale.ROOT), owner, token, battle);
    }

    /** Parses a stored value; throws {@link IllegalArgumentException} on anything else. */
    public static PlayerState decode(String value) {
        String[] f = value.split("\\|", -1);
        if (f.length != 12 || !f[0].equals("1")) {
            throw new IllegalArgumentException("bad player state: " + value);
        }
        return new PlayerState(f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4]),
                Integer.parseInt(f[5]), Integer.parseInt(f[6]), Long.parseLong(f[7]),
                Status.valueOf(f[8].toUpperCase(Locale.ROOT)), f[9], f[10], f[11]);
    }
}
