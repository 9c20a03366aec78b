package gamegrid.fightserver;

import gamegrid.fightserver.battle.Battle;
import gamegrid.fightserver.battle.Bestiary;
import gamegrid.fightserver.battle.FighterSheet;
import gamegrid.protocol.battle.Command;
import gamegrid.protocol.battle.Event;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Starts battles: gives each an id and a seed (logged, so a battle can be replayed), lines up its
 * fighters, and pins it to the event loop of its first player's connection. Called from every event loop.
 */
final class Arena {
    private final BattleConfig config;
    private final RoundTimings timings;
    private final MapBattles mapBattles; // null: this server fights no battles from maps
    private final SplittableRandom seeds; // guarded by itself: not thread-safe, and asked only once per battle
    private long lastId; // guarded by seeds

    /** @param seed the seed of the battle seeds; the same seed and the same arrivals replay the same battles */
    Arena(BattleConfig config, long seed, RoundTimings timings, MapBattles mapBattles) {
        this.config = config;
        this.timings = timings;
        this.seeds = new SplittableRandom(seed);
        this.mapBattles = mapBattles;
    }

    void pve(Player player) {
        start(Event.Mode.PVE, List.of(player), BattleRoom.NO_RECORD);
    }

    /** Whether {@code pve|TICKET|BATTLE} is served here (memcached and the world's secret are configured). */
    boolean takesMapBattles() {
        return mapBattles != null;
    }

    /** A battle a map server parked the player in: claimed first; a refused claim frees the seat and says why. */
    void mapPve(Player player, Command.Pve pve) {
        mapBattles.claim(pve.ticket(), pve.battleId()).whenComplete((claim, error) -> {
            if (error != null) {
                player.releaseSeat();
                player.send(new Event.Err(MapBattles.reason(error)));
            } else {
                start(Event.Mode.PVE, List.of(player), outcome -> mapBattles.settle(claim, outcome));
            }
        });
    }

    void pvp(Player first, Player second) {
        start(Event.Mode.PVP, List.of(first, second), BattleRoom.NO_RECORD);
    }

    /** @param record records the outcome of fighter 1's team; the players hear the result once it completes */
    private void start(Event.Mode mode, List<Player> players, Function<Event.Outcome, CompletableFuture<Void>> record) {
        long seed;
        String id;
        synchronized (seeds) {
            seed = seeds.nextLong();
            id = Long.toString(++lastId);
        }
        List<FighterSheet> sheets = mode == Event.Mode.PVE ? Bestiary.pve(seed) : Bestiary.pvp();
        new BattleRoom(id, mode, seed, new Battle(seed, sheets), players,
                players.get(0).channel().eventLoop(), config, timings, record).start();
    }
}
