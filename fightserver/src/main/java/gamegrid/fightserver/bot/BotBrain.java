package gamegrid.fightserver.bot;

import gamegrid.protocol.battle.Command;
import gamegrid.protocol.battle.Event;
import gamegrid.protocol.battle.Skill;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a bot knows of its battle, learnt from the events it sees, and the order it gives each round:
 * heal when hurt, otherwise smash or attack the weakest foe still standing.
 */
final class BotBrain {
    private static final int HEAL_BELOW_PERCENT = 50;

    /** One fighter as the bot last saw it. */
    private record Known(int team, int maxHp, int hp, boolean out) {
        Known withHp(int newHp) {
            return new Known(team, maxHp, newHp, out);
        }

        Known gone() {
            return new Known(team, maxHp, hp, true);
        }
    }

    private final Map<Integer, Known> fighters = new TreeMap<>();
    private final Set<Skill> ready = EnumSet.allOf(Skill.class);
    private int me;
    private int round;

    /** Learns from one event. */
    void see(Event event) {
        if (event instanceof Event.Started started) {
            me = started.you();
        } else if (event instanceof Event.FighterInfo info) {
            fighters.put(info.id(), new Known(info.team(), info.maxHp(), info.maxHp(), false));
        } else if (event instanceof Event.RoundStarted started) {
            round = started.round();
        } else if (event instanceof Event.Attacked attacked) {
            fighters.computeIfPresent(attacked.target(), (id, known) -> known.withHp(attacked.hp()));
        } else if (event instanceof Event.SkillUsed used) {
            fighters.computeIfPresent(used.target(), (id, known) -> known.withHp(used.hp()));
        } else if (event instanceof Event.Down down) {
            fighters.computeIfPresent(down.fighter(), (id, known) -> known.gone());
        } else if (event instanceof Event.Forfeited forfeited) {
            fighters.computeIfPresent(forfeited.fighter(), (id, known) -> known.gone());
        } else if (event instanceof Event.FighterState state && state.fighter() == me) {
            ready.clear();
            ready.addAll(state.readySkills());
        }
    }

    /** The last round this bot was asked to act in. */
    int round() {
        return round;
    }

    /** This round's order, or empty when the bot has no fighter in play or no foe to face. */
    Optional<Command.Action> decide() {
        Known self = fighters.get(me);
        if (self == null || self.out()) {
            return Optional.empty();
        }
        if (ready.contains(Skill.HEAL) && self.hp() * 100 < self.maxHp() * HEAL_BELOW_PERCENT) {
            return Optional.of(new Command.UseSkill(me, Skill.HEAL, me));
        }
        Optional<Integer> weakest = fighters.entrySet().stream()
                .filter(e -> e.getValue().team() != self.team() && !e.getValue().out())
                .min(Comparator.comparingInt((Map.Entry<Integer, Known> e) -> e.getValue().hp()).thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey);
        return weakest.map(target -> ready.contains(Skill.SMASH)
                ? new Command.UseSkill(me, Skill.SMASH, target)
                : new Command.Attack(me, target));
    }
}
