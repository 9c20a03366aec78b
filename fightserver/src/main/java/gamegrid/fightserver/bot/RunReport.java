package gamegrid.fightserver.bot;

import java.time.Duration;
import java.util.List;

/**
 * What a bot run did. {@code battles} counts battles started (a PvP pair is one battle); {@code won},
 * {@code lost}, {@code drawn} and {@code unfinished} count bots, so a PvP battle adds one win and one loss;
 * {@code rounds} adds up each battle's last round; {@code errorSamples} keeps the first few errors.
 */
public record RunReport(int battles, int won, int lost, int drawn, int unfinished, long rounds,
                        int errors, List<String> errorSamples, Duration elapsed) {
    public RunReport {
        errorSamples = List.copyOf(errorSamples);
    }

    /** One line for people and scripts. */
    public String summary() {
        return String.format("battles=%d won=%d lost=%d drawn=%d unfinished=%d rounds=%d errors=%d elapsed=%.3fs",
                battles, won, lost, drawn, unfinished, rounds, errors, elapsed.toNanos() / 1e9);
    }
}
