package gamegrid.fightserver.battle;

import gamegrid.protocol.battle.BattleCodec;
import gamegrid.protocol.battle.Command;
import gamegrid.protocol.battle.Event;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * One turn-based battle between team 1 and team 2, as plain rules with no I/O: orders go in, events come out.
 *
 * <p>Each round every fighter in play gets one order; players give theirs with {@link #order}, the server's
 * monsters choose when the round resolves, and a player who gave none defends. Defending takes effect first;
 * then fighters act fastest first. Everything random comes from one generator seeded at creation and drawn in
 * a fixed order, so the same seed and the same orders always give the same events.
 *
 * <p>Not thread-safe: its owner touches it from one thread.
 */
public final class Battle {
    private final SplittableRandom rng;
    private final List<Fighter> fighters;
    private final Command.Action[] orders;
    private int round = 1;
    private Ending ending;

    /** Fighter ids are the sheets' positions, from 1; both teams need at least one fighter. */
    public Battle(long seed, List<FighterSheet> sheets) {
        if (sheets.stream().noneMatch(s -> s.team() == 1) || sheets.stream().noneMatch(s -> s.team() == 2)) {
            throw new IllegalArgumentException("a battle needs fighters on both teams");
        }
        this.rng = new SplittableRandom(seed);
        this.fighters = new ArrayList<>(sheets.size());
        for (FighterSheet sheet : sheets) {
            fighters.add(new Fighter(fighters.size() + 1, sheet));
        }
        this.orders = new Command.Action[sheets.size()];
    }

    /** The round now waiting for orders, or the last round once the battle is over. */
    public int round() {
        return round;
    }

    public List<Event.FighterInfo> roster() {
        return fighters.stream().map(Fighter::info).toList();
    }

    public List<Event.FighterState> states() {
        return fighters.stream().map(Fighter::state).toList();
    }

    public int team(int fighter) {
        return fighters.get(fighter - 1).team();
    }

    public Optional<Ending> ending() {
        return Optional.ofNullable(ending);
    }

    /** Records a fighter's order for this round; returns why it is refused, or empty once accepted. */
    public Optional<String> order(Command.Action action) {
        String refusal = refusal(action);
        if (refusal == null) {
            orders[action.actor() - 1] = action;
        }
        return Optional.ofNullable(refusal);
    }

    private String refusal(Command.Action action) {
        if (ending != null) {
            return "the battle is over";
        }
        String actorRefusal = notInPlay(action.actor());
        if (actorRefusal != null) {
            return actorRefusal;
        }
        Fighter actor = fighters.get(action.actor() - 1);
        if (orders[actor.id() - 1] != null) {
            return "fighter " + actor.id() + " already acted this round";
        }
        if (action instanceof Command.Attack attack) {
            return targetRefusal(actor, attack.target(), true);
        } else if (action instanceof Command.UseSkill use) {
            if (!actor.ready(use.skill())) {
                return "skill " + BattleCodec.wire(use.skill()) + " is not ready";
            }
            return targetRefusal(actor, use.target(), Rules.targetsFoe(use.skill()));
        }
        return null; // defending needs no target
    }

    private String targetRefusal(Fighter actor, int target, boolean foe) {
        String refusal = notInPlay(target);
        if (refusal != null) {
            return refusal;
        }
        boolean isFoe = fighters.get(target - 1).team() != actor.team();
        if (isFoe != foe) {
            return "fighter " + target + (foe ? " is on your side" : " is not on your side");
        }
        return null;
    }

    private String notInPlay(int id) {
        if (id > fighters.size()) {
            return "no fighter " + id;
        }
        Fighter fighter = fighters.get(id - 1);
        if (fighter.forfeited()) {
            return "fighter " + id + " has left";
        }
        return fighter.inPlay() ? null : "fighter " + id + " is down";
    }

    /** Whether every fighter in play that a player orders has its order in, so the round need not wait. */
    public boolean allOrdersIn() {
        return fighters.stream().noneMatch(f -> f.inPlay() && !f.sheet().monster() && orders[f.id() - 1] == null);
    }

    /** Plays the round out and returns what happened, ending with every fighter's state. */
    public List<Event> resolveRound() {
        if (ending != null) {
            throw new IllegalStateException("the battle is over");
        }
        List<Event> events = new ArrayList<>();
        for (Fighter fighter : fighters) {
            if (fighter.inPlay() && orders[fighter.id() - 1] == null) {
                orders[fighter.id() - 1] = defaultOrder(fighter, events);
            }
        }
        List<Fighter> initiative = initiative();
        for (Fighter fighter : initiative) {
            if (orders[fighter.id() - 1] instanceof Command.Defend) {
                fighter.defend();
                events.add(new Event.Defended(fighter.id()));
            }
        }
        for (Fighter fighter : initiative) {
            if (ending != null) {
                break;
            }
            // A fighter knocked out earlier in the round does not get to act.
            if (fighter.inPlay()) {
                act(fighter, orders[fighter.id() - 1], events);
            }
        }
        fighters.forEach(Fighter::endRound);
        Arrays.fill(orders, null);
        if (ending == null && round == Rules.MAX_ROUNDS) {
            ending = new Ending(0, Event.Reason.ROUNDS);
        } else if (ending == null) {
            round++;
        }
        events.addAll(states());
        return events;
    }

    private Command.Action defaultOrder(Fighter fighter, List<Event> events) {
        if (fighter.sheet().monster()) {
            return MonsterBrain.choose(fighter, fighters, rng);
        }
        events.add(new Event.TimedOut(fighter.id()));
        return new Command.Defend(fighter.id());
    }

    /** Fighters in play, fastest first; a tie goes to a roll drawn for every fighter in id order. */
    private List<Fighter> initiative() {
        int[] rolls = new int[fighters.size()];
        List<Fighter> inPlay = new ArrayList<>(fighters.size());
        for (Fighter fighter : fighters) {
            if (fighter.inPlay()) {
                rolls[fighter.id() - 1] = rng.nextInt();
                inPlay.add(fighter);
            }
        }
        inPlay.sort(Comparator.comparingInt((Fighter f) -> -f.sheet().speed())
                .thenComparingInt(f -> -rolls[f.id() - 1])
                .thenComparingInt(Fighter::id));
        return inPlay;
    }

    private void act(Fighter actor, Command.Action order, List<Event> events) {
        if (order instanceof Command.Attack attack) {
            Fighter target = fighters.get(attack.target() - 1);
            if (target.inPlay()) { // else it fell earlier this round and the blow is lost
                int damage = target.takeDamage(Rules.damage(actor, target, Rules.ATTACK_POWER_PERCENT, rng));
                events.add(new Event.Attacked(actor.id(), target.id(), damage, target.hp()));
                checkKnockedOut(target, events);
            }
        } else if (order instanceof Command.UseSkill use) {
            Fighter target = fighters.get(use.target() - 1);
            if (target.inPlay()) {
                actor.use(use.skill());
                int amount = switch (use.skill()) {
                    case SMASH -> target.takeDamage(Rules.damage(actor, target, Rules.SMASH_POWER_PERCENT, rng));
                    case HEAL -> target.heal(Rules.healAmount(target));
                };
                events.add(new Event.SkillUsed(actor.id(), use.skill(), target.id(), amount, target.hp()));
                checkKnockedOut(target, events);
            }
        }
    }

    private void checkKnockedOut(Fighter target, List<Event> events) {
        if (target.hp() == 0) {
            events.add(new Event.Down(target.id()));
            checkTeamOut(target.team(), Event.Reason.KO);
        }
    }

    /** Takes a fighter whose player left out of the battle; returns what happened (nothing if it was already out). */
    public List<Event> forfeit(int fighter) {
        Fighter leaving = fighters.get(fighter - 1);
        if (ending != null || !leaving.inPlay()) {
            return List.of();
        }
        leaving.forfeit();
        orders[fighter - 1] = null;
        List<Event> events = new ArrayList<>(2);
        events.add(new Event.Forfeited(fighter));
        checkTeamOut(leaving.team(), Event.Reason.FORFEIT);
        return events;
    }

    private void checkTeamOut(int team, Event.Reason reason) {
        if (fighters.stream().noneMatch(f -> f.team() == team && f.inPlay())) {
            ending = new Ending(3 - team, reason);
        }
    }
}
