package gamegrid.protocol.battle;

import java.util.Objects;
import java.util.Set;

/** A line a battle server sends to a player. */
public sealed interface Event {

    /** {@code QUEUED}: the player holds a seat and waits for an opponent. */
    record Queued() implements Event {
    }

    /** {@code BATTLE|ID|MODE|YOU}: a battle begins; {@code you} is the fighter this player orders. */
    record Started(String battleId, Mode mode, int you) implements Event {
        public Started {
            Checks.token(battleId, "battle id");
            Objects.requireNonNull(mode, "mode");
            Checks.fighter(you);
        }
    }

    /** {@code FIGHTER|ID|TEAM|NAME|MAXHP|ATTACK|DEFENCE|SPEED}: one fighter of the battle, sent after {@code BATTLE}. */
    record FighterInfo(int id, int team, String name, int maxHp, int attack, int defence, int speed) implements Event {
        public FighterInfo {
            Checks.fighter(id);
            Checks.token(name, "fighter name");
            if (team < 1 || maxHp < 1) {
                throw new IllegalArgumentException("bad team or max hp for " + name);
            }
            Checks.notNegative(attack, "attack");
            Checks.notNegative(defence, "defence");
            Checks.notNegative(speed, "speed");
        }
    }

    /** {@code ROUND|N|MILLIS}: every standing fighter has this long to act in round N. */
    record RoundStarted(int round, int timeoutMillis) implements Event {
        public RoundStarted {
            if (round < 1 || timeoutMillis < 1) {
                throw new IllegalArgumentException("bad round " + round + " timeout " + timeoutMillis);
            }
        }
    }

    /** {@code OK}: the action was accepted for this round. */
    record Accepted() implements Event {
    }

    /** {@code PONG}: the answer to {@code ping}. */
    record Pong() implements Event {
    }

    /** {@code TIMEOUT|ID}: the fighter did not act in time and defends instead. */
    record TimedOut(int fighter) implements Event {
        public TimedOut {
            Checks.fighter(fighter);
        }
    }

    /** {@code DEFEND|ID}: the fighter takes half damage this round. */
    record Defended(int fighter) implements Event {
        public Defended {
            Checks.fighter(fighter);
        }
    }

    /** {@code ATTACK|ACTOR|TARGET|DAMAGE|HP}: a blow landed; {@code hp} is what the target has left. */
    record Attacked(int actor, int target, int damage, int hp) implements Event {
        public Attacked {
            Checks.fighter(actor);
            Checks.fighter(target);
            Checks.notNegative(damage, "damage");
            Checks.notNegative(hp, "hp");
        }
    }

    /** {@code SKILL|ACTOR|SKILL|TARGET|AMOUNT|HP}: damage dealt or hit points restored, and the target's hit points after. */
    record SkillUsed(int actor, Skill skill, int target, int amount, int hp) implements Event {
        public SkillUsed {
            Checks.fighter(actor);
            Objects.requireNonNull(skill, "skill");
            Checks.fighter(target);
            Checks.notNegative(amount, "amount");
            Checks.notNegative(hp, "hp");
        }
    }

    /** {@code DOWN|ID}: the fighter has no hit points left and is out of the battle. */
    record Down(int fighter) implements Event {
        public Down {
            Checks.fighter(fighter);
        }
    }

    /** {@code AWAY|ID|MILLIS}: the fighter's player disconnected and forfeits unless the battle ends within this time. */
    record Away(int fighter, int graceMillis) implements Event {
        public Away {
            Checks.fighter(fighter);
            Checks.notNegative(graceMillis, "grace");
        }
    }

    /** {@code FORFEIT|ID}: the fighter's player left and the fighter is out of the battle. */
    record Forfeited(int fighter) implements Event {
        public Forfeited {
            Checks.fighter(fighter);
        }
    }

    /** {@code STATE|ID|HP|SKILLS}: a fighter after the round, with the skills it may use next round. */
    record FighterState(int fighter, int hp, Set<Skill> readySkills) implements Event {
        public FighterState {
            Checks.fighter(fighter);
            Checks.notNegative(hp, "hp");
            readySkills = Set.copyOf(readySkills);
        }
    }

    /** {@code RESULT|OUTCOME|REASON}: the battle is over for this player, who may join another. */
    record Finished(Outcome outcome, Reason reason) implements Event {
        public Finished {
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** {@code ERR reason}: the command was refused and changed nothing. */
    record Err(String reason) implements Event {
        public Err {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Who a battle is against. */
    enum Mode { PVE, PVP }

    /** How a battle ended for one player. */
    enum Outcome { WIN, LOSE, DRAW }

    /** Why a battle ended: a team was knocked out, a team's players all left, or the round limit was reached. */
    enum Reason { KO, FORFEIT, ROUNDS }
}
