package gamegrid.fightserver.bot;

import gamegrid.protocol.battle.Event;
import java.util.List;
import java.util.Optional;

/**
 * One bot's battle: its result if it got one, the last round it played, and every error it met
 * ({@code ERR} lines, failed connections, a connection lost before the result).
 */
public record BattleReport(Optional<Event.Finished> result, int rounds, List<String> errors) {
    public BattleReport {
        errors = List.copyOf(errors);
    }

    static BattleReport failed(String error) {
        return new BattleReport(Optional.empty(), 0, List.of(error));
    }
}
