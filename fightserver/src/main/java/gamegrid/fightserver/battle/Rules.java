package gamegrid.fightserver.battle;

import gamegrid.protocol.battle.Skill;
import java.util.SplittableRandom;

/** The numbers of the game: how hard blows land, what skills do and how long they take to come back. */
final class Rules {
    /** A battle that reaches this round without a winner is a draw, so every battle ends. */
    static final int MAX_ROUNDS = 30;
    static final int ATTACK_POWER_PERCENT = 100;
    static final int SMASH_POWER_PERCENT = 180;
    static final int HEAL_PERCENT_OF_MAX_HP = 30;

    private Rules() {
    }

    /** Damage of a blow: attack × power × a 90–110% swing, minus the target's defence, halved if it defends; at least 1. */
    static int damage(Fighter attacker, Fighter target, int powerPercent, SplittableRandom rng) {
        int raw = attacker.sheet().attack() * powerPercent * rng.nextInt(90, 111) / 10_000;
        int damage = raw - target.sheet().defence();
        if (target.defending()) {
            damage /= 2;
        }
        return Math.max(1, damage);
    }

    static int healAmount(Fighter target) {
        return target.sheet().maxHp() * HEAL_PERCENT_OF_MAX_HP / 100;
    }

    /** Rounds a skill needs after use: used in round r, it is ready again in round r + cooldown. */
    static int cooldown(Skill skill) {
        return switch (skill) {
            case SMASH -> 3;
            case HEAL -> 4;
        };
    }

    /** Whether a skill is aimed at a foe (else at the user's own team, the user included). */
    static boolean targetsFoe(Skill skill) {
        return switch (skill) {
            case SMASH -> true;
            case HEAL -> false;
        };
    }
}
