package gamegrid.protocol.chat;

import gamegrid.protocol.ticket.Ticket;
import java.util.regex.Pattern;

/** The names the chat protocol carries: players, named channels, maps, and the channels a message travels on. */
public final class ChatNames {
    public static final String WORLD = "world";
    public static final String MAP = "map";
    public static final String ANNOUNCE = "announce";
    /** Named channels are written with this prefix, so they never collide with the fixed ones. */
    public static final char NAMED_PREFIX = '#';
    /** A map's channel on {@code MSG} lines is {@code map:MAPID}. */
    public static final String MAP_PREFIX = "map:";
    /** The sender shown on announcements. */
    public static final String OPERATOR = "operator";

    private static final Pattern NAMED = Pattern.compile("#[A-Za-z0-9_-]{1,32}");
    private static final Pattern MAP_ID = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

    private ChatNames() {
    }

    public static void checkPlayer(String name) {
        Ticket.checkName(name);
    }

    public static void checkNamedChannel(String channel) {
        if (!NAMED.matcher(channel).matches()) {
            throw new IllegalArgumentException("bad channel: " + channel + " (# and up to 32 of A-Z a-z 0-9 _ -)");
        }
    }

    public static void checkMap(String map) {
        if (!MAP_ID.matcher(map).matches()) {
            throw new IllegalArgumentException("bad map: up to 32 of A-Z a-z 0-9 _ . -");
        }
    }

    /** {@code world}, {@code map} or a named channel. */
    public static void checkSayTarget(String channel) {
        if (!channel.equals(WORLD) && !channel.equals(MAP)) {
            checkNamedChannel(channel);
        }
    }

    public static boolean isNamed(String channel) {
        return !channel.isEmpty() && channel.charAt(0) == NAMED_PREFIX;
    }

    /** The channel a map's messages travel on. */
    public static String mapChannel(String map) {
        return MAP_PREFIX + map;
    }
}
