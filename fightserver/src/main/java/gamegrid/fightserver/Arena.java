package gamegrid.fightserver;

import gamegrid.fightserver.battle.Battle;
import gamegrid.fightserver.battle.Bestiary;
import gamegrid.fightserver.battle.FighterSheet;
import gamegrid.protocol.battle.Event;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Starts battles: gives each an id and a seed (logged, so a battle can be replayed), lines up its
 * fighters, and pins it to the event loop of its first player's connection. Called from every event loop.
 */
final class Arena {
    private final BattleSettings settings;
    private final RoundTimings timings;
    private final SplittableRandom seeds; // guarded by itself: not thread-safe, and asked only once per battle
    private long lastId; // guarded by seeds

    /** @param seed the seed of the battle seeds; the same seed and the same arrivals replay the same battles */
    Arena(BattleSettings settings, long seed, RoundTimings timings) {
        this.settings = settings;
        this.timings = timings;
        this.seeds = new SplittableRandom(seed);
    }

    void pve(Player player) {
        start(Event.Mode.PVE, List.of(player));
    }

    void pvp(Player first, Player second) {
        start(Event.Mode.PVP, List.of(first, second));
    }

    private void start(Event.Mode mode, List<Player> players) {
        long seed;
        String id;
        synchronized (seeds) {
            seed = seeds.nextLong();
            id = Long.toString(++lastId);
        }
        List<FighterSheet> sheets = mode == Event.Mode.PVE ? Bestiary.pve(seed) : Bestiary.pvp();
        new BattleRoom(id, mode, seed, new Battle(seed, sheets), players,
                players.get(0).channel().eventLoop(), settings, timings).start();
    }
}
