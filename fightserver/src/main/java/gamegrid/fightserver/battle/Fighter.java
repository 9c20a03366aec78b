package gamegrid.fightserver.battle;

import gamegrid.protocol.battle.Event;
import gamegrid.protocol.battle.Skill;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** A fighter during a battle: its sheet plus what changes from round to round. */
final class Fighter {
    private final int id;
    private final FighterSheet sheet;
    private final Map<Skill, Integer> cooldowns = new EnumMap<>(Skill.class);
    private int hp;
    private boolean defending;
    private boolean forfeited;

    Fighter(int id, FighterSheet sheet) {
        this.id = id;
        this.sheet = sheet;
        this.hp = sheet.maxHp();
    }

    int id() {
        return id;
    }

    FighterSheet sheet() {
        return sheet;
    }

    int team() {
        return sheet.team();
    }

    int hp() {
        return hp;
    }

    boolean defending() {
        return defending;
    }

    /** Standing, and its player has not left: it acts and can be targeted. */
    boolean inPlay() {
        return hp > 0 && !forfeited;
    }

    boolean forfeited() {
        return forfeited;
    }

    void defend() {
        defending = true;
    }

    void forfeit() {
        forfeited = true;
    }

    /** Takes a blow and returns the hit points actually lost. */
    int takeDamage(int damage) {
        int lost = Math.min(damage, hp);
        hp -= lost;
        return lost;
    }

    /** Heals and returns the hit points actually restored. */
    int heal(int amount) {
        int restored = Math.min(amount, sheet.maxHp() - hp);
        hp += restored;
        return restored;
    }

    boolean ready(Skill skill) {
        return cooldowns.getOrDefault(skill, 0) == 0;
    }

    void use(Skill skill) {
        cooldowns.put(skill, Rules.cooldown(skill));
    }

    void endRound() {
        defending = false;
        cooldowns.replaceAll((skill, rounds) -> Math.max(0, rounds - 1));
    }

    Event.FighterInfo info() {
        return new Event.FighterInfo(id, sheet.team(), sheet.name(), sheet.maxHp(), sheet.attack(), sheet.defence(), sheet.speed());
    }

    Event.FighterState state() {
        Set<Skill> ready = EnumSet.noneOf(Skill.class);
        for (Skill skill : Skill.values()) {
            if (ready(skill)) {
                ready.add(skill);
            }
        }
        return new Event.FighterState(id, hp, ready);
    }
}
