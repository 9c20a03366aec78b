package gamegrid.fightserver.battle;

import gamegrid.protocol.battle.Event;
import java.util.Objects;

/** How a battle ended: the winning team (0 for a draw) and why. */
public record Ending(int winningTeam, Event.Reason reason) {
    public Ending {
        Objects.requireNonNull(reason, "reason");
        if (winningTeam < 0 || winningTeam > 2) {
            throw new IllegalArgumentException("no team " + winningTeam);
        }
    }

    /** The result as the players of {@code team} see it. */
    public Event.Finished resultFor(int team) {
        Event.Outcome outcome = winningTeam == 0 ? Event.Outcome.DRAW
                : winningTeam == team ? Event.Outcome.WIN : Event.Outcome.LOSE;
        return new Event.Finished(outcome, reason);
    }
}
