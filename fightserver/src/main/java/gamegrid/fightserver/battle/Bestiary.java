package gamegrid.fightserver.battle;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The line-ups this game offers: a hero against a random pack of monsters, or two heroes. */
public final class Bestiary {
    /** A pack this big keeps a battle going after the first kill, so targets can fall while it runs. */
    public static final int PACK_SIZE = 2;

    private static final FighterSheet HERO = new FighterSheet("hero", 1, 120, 18, 5, 10, false);
    private static final List<FighterSheet> MONSTERS = List.of(
            new FighterSheet("goblin", 2, 45, 12, 2, 12, true),
            new FighterSheet("wolf", 2, 38, 14, 1, 15, true),
            new FighterSheet("orc", 2, 65, 14, 4, 6, true),
            new FighterSheet("slime", 2, 55, 9, 3, 3, true));

    private Bestiary() {
    }

    /** A hero (fighter 1, team 1) against a pack (team 2) drawn from the seed, so a logged seed replays the whole battle. */
    public static List<FighterSheet> pve(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<FighterSheet> sheets = new ArrayList<>(1 + PACK_SIZE);
        sheets.add(HERO);
        for (int i = 0; i < PACK_SIZE; i++) {
            sheets.add(MONSTERS.get(rng.nextInt(MONSTERS.size())));
        }
        return sheets;
    }

    /** Two heroes: fighter 1 on team 1, fighter 2 on team 2. */
    public static List<FighterSheet> pvp() {
        return List.of(HERO, HERO.onTeam(2));
    }
}
