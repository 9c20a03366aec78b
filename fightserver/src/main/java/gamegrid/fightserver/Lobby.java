package gamegrid.fightserver;

import gamegrid.protocol.battle.Event;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.concurrent.EventExecutor;
import java.util.HashMap;
import java.util.Map;

/**
 * Pairs PvP players who asked for the same room, first come first served; the empty room pairs strangers.
 * Owned by one event loop: every entry point hops onto it.
 */
final class Lobby {
    private final EventExecutor loop;
    private final Arena arena;
    private final Map<String, Waiting> waiting = new HashMap<>();
    private boolean draining;

    /** A player waiting in a room, with what takes it out of the room if it disconnects. */
    private record Waiting(Player player, ChannelFutureListener onClose) {
    }

    Lobby(EventExecutor loop, Arena arena) {
        this.loop = loop;
        this.arena = arena;
    }

    /** Starts a battle with the player waiting in {@code room}, or makes this player the one who waits. */
    void join(Player player, String room) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> join(player, room));
            return;
        }
        if (draining) {
            // Its seat was taken just before draining began; no opponent will ever come.
            refuse(player);
            return;
        }
        Waiting other = waiting.remove(room);
        if (other != null) {
            other.player().channel().closeFuture().removeListener(other.onClose());
            if (other.player().channel().isActive()) {
                arena.pvp(other.player(), player);
                return;
            }
        }
        Waiting me = new Waiting(player, closed -> loop.execute(() -> left(room, player)));
        waiting.put(room, me);
        player.send(new Event.Queued());
        player.channel().closeFuture().addListener(me.onClose());
    }

    private void left(String room, Player player) {
        Waiting current = waiting.get(room);
        if (current != null && current.player() == player) {
            waiting.remove(room);
        }
    }

    /** Sends every waiting player away: no one new will arrive to fight them. */
    void drain() {
        if (!loop.inEventLoop()) {
            loop.execute(this::drain);
            return;
        }
        draining = true;
        for (Waiting w : waiting.values()) {
            w.player().channel().closeFuture().removeListener(w.onClose());
            refuse(w.player());
        }
        waiting.clear();
    }

    private static void refuse(Player player) {
        player.releaseSeat();
        player.refuse("draining");
    }
}
