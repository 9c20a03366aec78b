package gamegrid.fightserver.battle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.protocol.battle.Command;
import gamegrid.protocol.battle.Event;
import gamegrid.protocol.battle.Skill;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The battle rules on their own: no sockets, no threads, only seeds and orders. */
class BattleTest {
    /** Fast and strong: swings of 20 × 90–110%. */
    private static final FighterSheet STRIKER = new FighterSheet("striker", 1, 100, 20, 0, 10, false);
    /** Slow, tough and harmless, with defence 5. */
    private static final FighterSheet WALL = new FighterSheet("wall", 2, 1000, 1, 5, 1, false);

    private static Battle duel(long seed) {
        return new Battle(seed, List.of(STRIKER, WALL));
    }

    private static void accept(Battle battle, Command.Action order) {
        assertEquals(Optional.empty(), battle.order(order), "order " + order);
    }

    private static <E extends Event> List<E> only(Class<E> type, List<Event> events) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Plays a PvE battle out with the hero always smashing or attacking the first monster still standing. */
    private static List<Event> playPve(long seed) {
        Battle battle = new Battle(seed, Bestiary.pve(seed));
        List<Event> all = new ArrayList<>();
        Set<Integer> down = new java.util.HashSet<>();
        for (int round = 0; round < 100 && battle.ending().isEmpty(); round++) {
            int target = down.contains(2) ? 3 : 2;
            boolean smashReady = battle.states().get(0).readySkills().contains(Skill.SMASH);
            accept(battle, smashReady ? new Command.UseSkill(1, Skill.SMASH, target) : new Command.Attack(1, target));
            List<Event> events = battle.resolveRound();
            only(Event.Down.class, events).forEach(d -> down.add(d.fighter()));
            all.addAll(events);
        }
        assertTrue(battle.ending().isPresent(), "every battle ends");
        return all;
    }

    @Test
    void theSameSeedAndTheSameOrdersReplayToTheSameEvents() {
        List<Event> first = playPve(42);
        assertEquals(first, playPve(42));
        assertNotEquals(first, playPve(43), "another seed plays differently");
    }

    @Test
    void anAttackDealsTheSwungAttackMinusDefence() {
        for (long seed = 0; seed < 50; seed++) {
            Battle battle = duel(seed);
            accept(battle, new Command.Attack(1, 2));
            accept(battle, new Command.Attack(2, 1));
            Event.Attacked hit = only(Event.Attacked.class, battle.resolveRound()).get(0);
            assertEquals(1, hit.actor(), "the faster fighter strikes first");
            assertTrue(hit.damage() >= 18 - 5 && hit.damage() <= 22 - 5, "damage " + hit.damage());
            assertEquals(1000 - hit.damage(), hit.hp());
        }
    }

    @Test
    void defendingHalvesTheDamageForTheWholeRoundEvenForTheSlowerFighter() {
        Battle battle = duel(7);
        accept(battle, new Command.Attack(1, 2));
        accept(battle, new Command.Defend(2));
        List<Event> events = battle.resolveRound();
        assertEquals(new Event.Defended(2), events.get(0), "defending comes before any blow");
        Event.Attacked hit = only(Event.Attacked.class, events).get(0);
        assertTrue(hit.damage() >= 13 / 2 && hit.damage() <= 17 / 2, "damage " + hit.damage());
    }

    @Test
    void smashHitsHarderAndIsReadyAgainThreeRoundsLater() {
        Battle battle = duel(3);
        accept(battle, new Command.UseSkill(1, Skill.SMASH, 2));
        accept(battle, new Command.Attack(2, 1)); // else it would time out and defend
        List<Event> events = battle.resolveRound();
        Event.SkillUsed smash = only(Event.SkillUsed.class, events).get(0);
        assertTrue(smash.amount() >= 32 - 5 && smash.amount() <= 39 - 5, "smash " + smash.amount());
        assertEquals(Set.of(Skill.HEAL), only(Event.FighterState.class, events).get(0).readySkills());
        for (int round = 2; round <= 3; round++) {
            assertEquals(Optional.of("skill smash is not ready"), battle.order(new Command.UseSkill(1, Skill.SMASH, 2)));
            battle.resolveRound();
        }
        accept(battle, new Command.UseSkill(1, Skill.SMASH, 2));
    }

    @Test
    void healRestoresThirtyPercentButNeverAboveTheMaximum() {
        Battle battle = duel(5);
        accept(battle, new Command.UseSkill(1, Skill.HEAL, 1));
        Event.SkillUsed unhurt = only(Event.SkillUsed.class, battle.resolveRound()).get(0);
        assertEquals(new Event.SkillUsed(1, Skill.HEAL, 1, 0, 100), unhurt);

        Battle hurt = new Battle(5, List.of(STRIKER, new FighterSheet("brute", 2, 1000, 60, 0, 1, false)));
        accept(hurt, new Command.Attack(2, 1));
        int hpAfterHit = only(Event.Attacked.class, hurt.resolveRound()).get(0).hp();
        accept(hurt, new Command.UseSkill(1, Skill.HEAL, 1));
        accept(hurt, new Command.Defend(2));
        Event.SkillUsed healed = only(Event.SkillUsed.class, hurt.resolveRound()).get(0);
        assertEquals(Math.min(30, 100 - hpAfterHit), healed.amount());
        assertEquals(hpAfterHit + healed.amount(), healed.hp());
    }

    @Test
    void aPlayerWhoGivesNoOrderTimesOutAndDefends() {
        Battle battle = duel(11);
        accept(battle, new Command.Attack(1, 2));
        assertFalse(battle.allOrdersIn());
        List<Event> events = battle.resolveRound();
        assertEquals(List.of(new Event.TimedOut(2), new Event.Defended(2)), events.subList(0, 2));
        assertEquals(2, battle.round());
    }

    @Test
    void refusedOrdersChangeNothing() {
        FighterSheet frail = new FighterSheet("frail", 2, 1, 1, 0, 1, false);
        Battle battle = new Battle(13, List.of(STRIKER, WALL, frail));
        accept(battle, new Command.Attack(1, 3));
        battle.resolveRound(); // fighter 3 goes down
        List<Event.FighterState> before = battle.states();

        assertEquals(Optional.of("fighter 3 is down"), battle.order(new Command.Attack(1, 3)));
        assertEquals(Optional.of("fighter 3 is down"), battle.order(new Command.Defend(3)));
        assertEquals(Optional.of("no fighter 9"), battle.order(new Command.Attack(1, 9)));
        assertEquals(Optional.of("fighter 1 is on your side"), battle.order(new Command.Attack(1, 1)));
        assertEquals(Optional.of("fighter 2 is not on your side"), battle.order(new Command.UseSkill(1, Skill.HEAL, 2)));
        accept(battle, new Command.Defend(1));
        assertEquals(Optional.of("fighter 1 already acted this round"), battle.order(new Command.Attack(1, 2)));

        assertEquals(before, battle.states());
        assertEquals(2, battle.round());
        List<Event> events = battle.resolveRound();
        assertTrue(events.contains(new Event.Defended(1)), "the first accepted order is the one played: " + events);
    }

    @Test
    void aForfeitGivesTheOtherTeamTheWin() {
        Battle battle = duel(17);
        assertEquals(List.of(new Event.Forfeited(2)), battle.forfeit(2));
        assertEquals(Optional.of(new Ending(1, Event.Reason.FORFEIT)), battle.ending());
        assertEquals(new Event.Finished(Event.Outcome.WIN, Event.Reason.FORFEIT), battle.ending().get().resultFor(1));
        assertEquals(new Event.Finished(Event.Outcome.LOSE, Event.Reason.FORFEIT), battle.ending().get().resultFor(2));
        assertEquals(List.of(), battle.forfeit(1), "nothing changes once the battle is over");
        assertEquals(Optional.of("the battle is over"), battle.order(new Command.Defend(1)));
    }

    @Test
    void aBattleWithoutAWinnerByTheRoundLimitIsADraw() {
        Battle battle = new Battle(19, List.of(WALL.onTeam(1), WALL));
        for (int round = 1; round <= Rules.MAX_ROUNDS; round++) {
            assertTrue(battle.ending().isEmpty(), "still running in round " + round);
            battle.resolveRound();
        }
        assertEquals(Optional.of(new Ending(0, Event.Reason.ROUNDS)), battle.ending());
        assertEquals(Event.Outcome.DRAW, battle.ending().get().resultFor(1).outcome());
    }

    @Test
    void monstersChooseTheirOwnOrdersAndTheRoundWaitsOnlyForPlayers() {
        Battle battle = new Battle(23, Bestiary.pve(23));
        assertFalse(battle.allOrdersIn());
        accept(battle, new Command.Defend(1));
        assertTrue(battle.allOrdersIn(), "monsters never hold a round up");
        List<Event> events = battle.resolveRound();
        long monsterBlows = events.stream().filter(e -> e instanceof Event.Attacked a && a.actor() > 1
                || e instanceof Event.SkillUsed s && s.actor() > 1).count();
        assertEquals(2, monsterBlows);
        assertTrue(only(Event.TimedOut.class, events).isEmpty());
    }
}
