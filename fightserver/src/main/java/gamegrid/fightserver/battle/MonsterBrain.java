package gamegrid.fightserver.battle;

import gamegrid.protocol.battle.Command;
import gamegrid.protocol.battle.Skill;
import java.util.List;
import java.util.SplittableRandom;

/** Orders for the fighters the server plays: a random standing foe, smashed now and then. */
final class MonsterBrain {
    private static final int SMASH_CHANCE_PERCENT = 40;

    private MonsterBrain() {
    }

    /** Chooses an order; the battle only asks while the monster has a foe standing. */
    static Command.Action choose(Fighter monster, List<Fighter> fighters, SplittableRandom rng) {
        List<Fighter> foes = fighters.stream().filter(f -> f.inPlay() && f.team() != monster.team()).toList();
        Fighter target = foes.get(rng.nextInt(foes.size()));
        if (monster.ready(Skill.SMASH) && rng.nextInt(100) < SMASH_CHANCE_PERCENT) {
            return new Command.UseSkill(monster.id(), Skill.SMASH, target.id());
        }
        return new Command.Attack(monster.id(), target.id());
    }
}
