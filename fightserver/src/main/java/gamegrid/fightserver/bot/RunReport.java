package gamegrid.fightserver.bot;

import java.time.Duration;
import java.util.List;

/**
 * What a bot run did. {@code p50TurnaroundMicros}/{@code p99TurnaroundMicros}: from a bot's order to the next
 * round or the result (in PvE that is the round's resolution plus a loopback round trip; in PvP it also
 * holds the wait for the opponent's order). {@code battles} counts battles started (a PvP pair is one battle); {@code won},
 * {@code lost}, {@code drawn} and {@code unfinished} count bots, so a PvP battle adds one win and one loss;
 * {@code rounds} adds up each battle's last round; {@code errorSamples} keeps the first few errors.
 */
public record RunReport(int battles, int won, int lost, int drawn, int unfinished, long rounds,
                        int errors, List<String> errorSamples, Duration elapsed,
                        long p50TurnaroundMicros, long p99TurnaroundMicros) {
    public RunReport {
        errorSamples = List.copyOf(errorSamples);
    }

    /** One line for people and scripts. */
    public String summary() {
        return String.format("battles=%d won=%d lost=%d drawn=%d unfinished=%d rounds=%d errors=%d elapsed=%.3fs"
                        + " turnaround p50=%dus p99=%dus",
                battles, won, lost, drawn, unfinished, rounds, errors, elapsed.toNanos() / 1e9,
                p50TurnaroundMicros, p99TurnaroundMicros);
    }
}
