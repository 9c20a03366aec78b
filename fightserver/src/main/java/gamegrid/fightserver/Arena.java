package gamegrid.fightserver;

import gamegrid.fightserver.battle.Battle;
import gamegrid.fightserver.battle.Bestiary;
import gamegrid.fightserver.battle.FighterSheet;
import gamegrid.protocol.battle.Event;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts battles: gives each an id and a seed (logged, so a battle can be replayed), lines up its
 * fighters, and pins it to the event loop of its first player's connection.
 */
final class Arena {
    private final BattleSettings settings;
    private final AtomicLong lastId = new AtomicLong();

    Arena(BattleSettings settings) {
        this.settings = settings;
    }

    void pve(Player player) {
        long seed = ThreadLocalRandom.current().nextLong();
        start(Event.Mode.PVE, seed, Bestiary.pve(seed), List.of(player));
    }

    void pvp(Player first, Player second) {
        start(Event.Mode.PVP, ThreadLocalRandom.current().nextLong(), Bestiary.pvp(), List.of(first, second));
    }

    private void start(Event.Mode mode, long seed, List<FighterSheet> sheets, List<Player> players) {
        String id = Long.toString(lastId.incrementAndGet());
        new BattleRoom(id, mode, seed, new Battle(seed, sheets), players,
                players.get(0).channel().eventLoop(), settings).start();
    }
}
