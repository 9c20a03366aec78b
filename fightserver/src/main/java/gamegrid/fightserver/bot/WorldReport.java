package gamegrid.fightserver.bot;

import java.time.Duration;
import java.util.List;

/**
 * What a world bot run did. {@code handoffs}: portal crossings completed, timed from the move onto the portal
 * to the target server's {@code YOU}; {@code battles}: map battles fought to a result ({@code won} of them);
 * {@code mismatches}: times a server's {@code YOU} showed XP or gold other than the bot expected from the
 * battles it won (lost or duplicated state; must be 0); {@code errors}: unexpected {@code ERR}s and failures.
 */
public record WorldReport(int bots, int handoffs, long p50HandoffMicros, long p99HandoffMicros, long moves,
                          int battles, int won, int mismatches, int errors, List<String> errorSamples, Duration elapsed) {
    public WorldReport {
        errorSamples = List.copyOf(errorSamples);
    }

    public double movesPerSecond() {
        return moves / Math.max(1e-9, elapsed.toNanos() / 1e9);
    }

    /** One line for people and scripts. */
    public String summary() {
        return String.format("bots=%d handoffs=%d handoff p50=%.2fms p99=%.2fms moves=%d moves/s=%.0f battles=%d won=%d"
                        + " lost-or-duplicated=%d errors=%d elapsed=%.3fs",
                bots, handoffs, p50HandoffMicros / 1000.0, p99HandoffMicros / 1000.0, moves, movesPerSecond(), battles, won,
                mismatches, errors, elapsed.toNanos() / 1e9);
    }
}
