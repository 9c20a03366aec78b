package gamegrid.fightserver;

import gamegrid.fightserver.battle.Battle;
import gamegrid.fightserver.battle.Ending;
import gamegrid.protocol.battle.Command;
import gamegrid.protocol.battle.Event;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running battle and its players, pinned to one event loop: every entry point hops onto that loop,
 * so the battle is touched by one thread and needs no lock. Runs the round timer and the forfeit grace,
 * and gives each player's seat back when the battle ends.
 */
final class BattleRoom {
    private static final Logger log = LoggerFactory.getLogger(BattleRoom.class);
    /** For battles whose outcome is kept nowhere but in the players' RESULT lines. */
    static final Function<Event.Outcome, CompletableFuture<Void>> NO_RECORD = outcome -> CompletableFuture.completedFuture(null);

    private final String id;
    private final Event.Mode mode;
    private final long seed;
    private final Battle battle;
    private final EventExecutor loop;
    private final BattleConfig config;
    private final List<Participant> participants = new ArrayList<>(2);
    private ScheduledFuture<?> roundTimer;
    private boolean finished;

    /** A player with the fighter it orders, the seat it sat down with, and what tells the room it left. */
    private record Participant(int fighter, Player player, Seats.Seat seat, ChannelFutureListener onClose) {
    }

    /** @param players the players in fighter order: the first orders fighter 1, and so on */
    private final RoundTimings timings;

    private final Function<Event.Outcome, CompletableFuture<Void>> record;

    BattleRoom(String id, Event.Mode mode, long seed, Battle battle, List<Player> players,
               EventExecutor loop, BattleConfig config, RoundTimings timings,
               Function<Event.Outcome, CompletableFuture<Void>> record) {
        this.id = id;
        this.record = record;
        this.timings = timings;
        this.mode = mode;
        this.seed = seed;
        this.battle = battle;
        this.loop = loop;
        this.config = config;
        for (Player player : players) {
            int fighter = participants.size() + 1;
            participants.add(new Participant(fighter, player, player.seat(),
                    closed -> loop.execute(() -> playerLeft(fighter))));
        }
    }

    /** Tells every player the line-up and opens round 1. */
    void start() {
        if (!loop.inEventLoop()) {
            loop.execute(this::start);
            return;
        }
        log.debug("battle started id={} mode={} seed={}", id, mode, seed);
        for (Participant p : participants) {
            p.player().joined(this, p.fighter()); // before BATTLE goes out, so the player's first order finds the room
            List<Event> opening = new ArrayList<>(battle.roster().size() + 2);
            opening.add(new Event.Started(id, mode, p.fighter()));
            opening.addAll(battle.roster());
            opening.add(roundStarted());
            p.player().sendAll(opening);
            // Added last: on a connection already closed it runs at once, and the grace must follow the opening.
            p.player().channel().closeFuture().addListener(p.onClose());
        }
        roundTimer = scheduleRoundTimeout();
    }

    /** Takes a player's order for the current round and answers {@code OK} or {@code ERR}. */
    void submit(Player player, Command.Action action) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> submit(player, action));
            return;
        }
        Optional<Participant> participant = participants.stream().filter(p -> p.player() == player).findFirst();
        if (finished || participant.isEmpty()) {
            player.send(new Event.Err("not in a battle"));
            return;
        }
        if (action.actor() != participant.get().fighter()) {
            player.send(new Event.Err("fighter " + action.actor() + " is not yours"));
            return;
        }
        Optional<String> refusal = battle.order(action);
        player.send(refusal.<Event>map(Event.Err::new).orElseGet(Event.Accepted::new));
        if (refusal.isEmpty() && battle.allOrdersIn()) {
            resolveRound();
        }
    }

    private Event.RoundStarted roundStarted() {
        return new Event.RoundStarted(battle.round(), (int) config.turnTimeout().toMillis());
    }

    private ScheduledFuture<?> scheduleRoundTimeout() {
        int round = battle.round();
        return loop.schedule(() -> {
            // A timer that lost the race with the last order finds its round already played.
            if (!finished && battle.round() == round) {
                resolveRound();
            }
        }, config.turnTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void resolveRound() {
        long started = System.nanoTime();
        roundTimer.cancel(false);
        List<Event> events = battle.resolveRound();
        Optional<Ending> ending = battle.ending();
        if (ending.isEmpty()) {
            events.add(roundStarted());
        }
        broadcast(events);
        if (ending.isPresent()) {
            finish(ending.get());
        } else {
            roundTimer = scheduleRoundTimeout();
        }
        timings.record(System.nanoTime() - started);
    }

    private void playerLeft(int fighter) {
        if (finished) {
            return;
        }
        int graceMillis = (int) config.forfeitGrace().toMillis();
        broadcast(List.of(new Event.Away(fighter, graceMillis)));
        loop.schedule(() -> forfeit(fighter), graceMillis, TimeUnit.MILLISECONDS);
    }

    private void forfeit(int fighter) {
        if (finished) {
            return;
        }
        List<Event> events = battle.forfeit(fighter);
        if (events.isEmpty()) {
            return; // already knocked out: nothing left to give up
        }
        broadcast(events);
        Optional<Ending> ending = battle.ending();
        if (ending.isPresent()) {
            finish(ending.get());
        } else if (battle.allOrdersIn()) {
            resolveRound(); // the one who left was the last the round waited for
        }
    }

    private void finish(Ending ending) {
        finished = true;
        roundTimer.cancel(false);
        log.debug("battle ended id={} mode={} seed={} rounds={} winningTeam={} reason={}",
                id, mode, seed, battle.round(), ending.winningTeam(), ending.reason());
        for (Participant p : participants) {
            p.player().channel().closeFuture().removeListener(p.onClose());
            p.player().left();
            // Released before RESULT is sent, so the dispatcher hears of the free seat before the player can ask again.
            p.seat().release();
        }
        // A battle from a map is recorded before its RESULT goes out, so the player's map server already sees it.
        record.apply(ending.resultFor(1).outcome()).whenComplete((recorded, impossible) -> {
            for (Participant p : participants) {
                p.player().send(ending.resultFor(battle.team(p.fighter())));
            }
        });
    }

    private void broadcast(List<Event> events) {
        for (Participant p : participants) {
            p.player().sendAll(events);
        }
    }
}
