package gamegrid.chatserver;

import gamegrid.protocol.config.Settings;
import gamegrid.protocol.metrics.MetricsServer;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The chat service's own settings; {@code config/chatserver.properties} explains each key.
 *
 * @param stateFile   where inboxes, blocks, channels, history and announcements are saved; null keeps them in memory only
 * @param metricsPort where {@code GET /metrics} listens (0: any free port, -1: nowhere)
 */
public record ChatSettings(String host, int port, int maxPlayers, int maxTextLength, Duration idleTimeout,
                           int historySize, int inboxSize, Duration inboxMaxAge, Duration announcementReplay,
                           int maxChannelsPerPlayer, int maxChannels, int maxBlocks, int highWaterBytes,
                           Duration slowConsumerGrace, Rates rates, Path stateFile, Duration saveInterval,
                           int metricsPort) {

    /** Token-bucket rates per player: one bucket per channel, plus one for all commands of a connection. */
    public record Rates(TokenBucket.Rate world, TokenBucket.Rate map, TokenBucket.Rate channel,
                       TokenBucket.Rate tell, TokenBucket.Rate commands) {
    }

    /** Longest line in bytes: the longest text at four bytes a character, plus the verb and names around it. */
    public int maxLineLength() {
        return maxTextLength * 4 + 256;
    }

    /** Reads every chat key from {@code s}; problems are collected in {@code s} for its {@code validate()}. */
    static ChatSettings from(Settings s) {
        String host = s.string("host", "127.0.0.1");
        int port = s.integer("port", 0, 0, 65_535);
        int maxPlayers = s.integer("max-players", 20_000, 1, 1_000_000);
        int maxText = s.integer("max-text-length", 200, 1, 10_000);
        Duration idle = s.duration("idle-timeout", Duration.ofMinutes(5), Duration.ofMillis(100));
        int history = s.integer("history-size", 50, 0, 10_000);
        int inbox = s.integer("inbox-size", 100, 0, 10_000);
        Duration inboxAge = s.duration("inbox-max-age", Duration.ofDays(7), Duration.ofSeconds(1), Duration.ofDays(30));
        Duration replay = s.duration("announcement-replay", Duration.ofMinutes(10), Duration.ZERO);
        int channelsPerPlayer = s.integer("max-channels-per-player", 16, 0, 1_000);
        int channels = s.integer("max-channels", 10_000, 0, 1_000_000);
        int blocks = s.integer("max-blocks", 256, 0, 100_000);
        int highWater = s.integer("outbound-high-water-bytes", 256 * 1024, 4096, 64 * 1024 * 1024);
        Duration grace = s.duration("slow-consumer-grace", Duration.ofSeconds(5), Duration.ZERO);
        Rates rates = new Rates(rate(s, "world", Duration.ofSeconds(5), 3), rate(s, "map", Duration.ofSeconds(1), 5),
                rate(s, "channel", Duration.ofMillis(500), 5), rate(s, "tell", Duration.ofMillis(500), 5),
                rate(s, "commands", Duration.ofMillis(50), 50));
        String state = s.string("state-file", "run/chat-state.tsv");
        Duration save = s.duration("save-interval", Duration.ofSeconds(1), Duration.ofMillis(10));
        return new ChatSettings(host, port, maxPlayers, maxText, idle, history, inbox, inboxAge, replay, channelsPerPlayer,
                channels, blocks, highWater, grace, rates, state.equals("none") ? null : Path.of(state), save,
                MetricsServer.port(s, port));
    }

    /** {@code rate.KIND.interval} (one message per interval, once the burst is spent) and {@code rate.KIND.burst}. */
    private static TokenBucket.Rate rate(Settings s, String kind, Duration interval, int burst) {
        Duration every = s.duration("rate." + kind + ".interval", interval, Duration.ofMillis(1));
        int size = s.integer("rate." + kind + ".burst", burst, 1, 1_000_000);
        return new TokenBucket.Rate(1e9 / every.toNanos(), size);
    }
}
