package gamegrid.fightserver.bot;

import gamegrid.protocol.battle.Event;
import java.util.List;
import java.util.Optional;

/**
 * One bot's battle: its result if it got one, the last round it played, every error it met
 * ({@code ERR} lines, failed connections, a connection lost before the result), and for each of its
 * orders the time until the next round or the result arrived (its round turnaround).
 */
public record BattleReport(Optional<Event.Finished> result, int rounds, List<String> errors, List<Long> turnaroundNanos) {
    public BattleReport {
        errors = List.copyOf(errors);
        turnaroundNanos = List.copyOf(turnaroundNanos);
    }

    static BattleReport failed(String error) {
        return new BattleReport(Optional.empty(), 0, List.of(error), List.of());
    }
}
