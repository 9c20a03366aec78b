package gamegrid.chatserver.bot;

import java.time.Duration;
import java.util.List;

/**
 * What a chat bot run saw. {@code expected} counts the deliveries the bots should have had (each message
 * once per recipient who should get it, its sender included on channels); {@code missing}, {@code duplicates},
 * {@code outOfOrder} (a message with a lower id after a higher one on the same channel) and {@code unexpected}
 * (a message a bot should not have had: blocked, another map, a team it is not in) are all failures, as are
 * {@code errors} (refused commands, lost connections). Latency: from a send to each delivery.
 */
public record ChatRunReport(int players, int sent, long expected, long delivered, long missing, long duplicates,
                            long outOfOrder, long unexpected, int errors, List<String> errorSamples, Duration elapsed,
                            long p50LatencyMicros, long p99LatencyMicros) {
    public ChatRunReport {
        errorSamples = List.copyOf(errorSamples);
    }

    public boolean clean() {
        return missing == 0 && duplicates == 0 && outOfOrder == 0 && unexpected == 0 && errors == 0 && delivered == expected;
    }

    /** One line for people and scripts. */
    public String summary() {
        return String.format("players=%d sent=%d expected=%d delivered=%d missing=%d duplicates=%d out-of-order=%d"
                        + " unexpected=%d errors=%d elapsed=%.3fs latency p50=%dus p99=%dus",
                players, sent, expected, delivered, missing, duplicates, outOfOrder, unexpected, errors,
                elapsed.toNanos() / 1e9, p50LatencyMicros, p99LatencyMicros);
    }
}
