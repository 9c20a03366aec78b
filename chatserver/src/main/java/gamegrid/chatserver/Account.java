package gamegrid.chatserver;

import gamegrid.protocol.chat.ChatEvent;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A player the chat server knows: what outlives its connections, and is saved across restarts (blocks,
 * channels, inbox, mute, the last announcement it saw). Owned by the hub's thread.
 */
final class Account {
    /** A private message waiting for its player to log in. */
    record Stored(ChatEvent.Whisper whisper, long sentEpochMillis) {
    }

    final String name;
    final Set<String> blocked = new LinkedHashSet<>(0);
    final Set<String> channels = new LinkedHashSet<>(0);
    final ArrayDeque<Stored> inbox = new ArrayDeque<>(0);
    long lastWhisperId;
    long mutedUntilEpochMillis;
    long lastAnnouncementSeen;
    /** Rate limits by channel; not saved (a restart refills them). */
    private Map<String, TokenBucket> buckets;
    /** The connection it is logged in on, or null. */
    Session session;

    Account(String name) {
        this.name = name;
    }

    boolean blocks(String other) {
        return !blocked.isEmpty() && blocked.contains(other);
    }

    /** 0 if the player may send on {@code channel} now, else the nanoseconds to wait. */
    long takeToken(String channel, TokenBucket.Rate rate, long nowNanos) {
        if (buckets == null) {
            buckets = new HashMap<>(4);
        }
        return buckets.computeIfAbsent(channel, c -> new TokenBucket(rate, nowNanos)).tryTake(nowNanos);
    }

    void forgetBucket(String channel) {
        if (buckets != null) {
            buckets.remove(channel);
        }
    }
}
