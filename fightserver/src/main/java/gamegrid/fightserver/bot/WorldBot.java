package gamegrid.fightserver.bot;

import gamegrid.protocol.battle.Command;
import gamegrid.protocol.battle.Event;
import gamegrid.protocol.map.BattleRecord;
import gamegrid.protocol.map.Direction;
import gamegrid.protocol.map.MapClientCodec;
import gamegrid.protocol.map.MapCommand;
import gamegrid.protocol.map.MapEvent;
import gamegrid.protocol.map.tiles.MapCatalog;
import gamegrid.protocol.map.tiles.TileMap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One bot walking the world as a game client would: asks the dispatcher where its map is, enters with its
 * ticket, walks to portals and monster tiles at the speed limit, follows {@code PORTAL}s with their tokens,
 * fights the battles it is parked in on a battle server, and checks every {@code YOU} against the XP and gold
 * it expects from the battles it won. At its deadline it asks {@code where} for a last check and quits.
 * Everything it holds belongs to its one event loop, where its connections live too.
 */
final class WorldBot {
    /** Chance that the next goal is a monster tile rather than a portal, on maps that have monsters. */
    private static final int MONSTER_GOAL_PERCENT = 40;
    private static final long RETRY_MS = 200;
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(15);

    private final EventLoop loop;
    private final WorldPlan plan;
    private final MapCatalog maps;
    private final String name;
    private final String ticket;
    private final WorldRun.Tally tally;
    private final long deadlineNanos;
    private final SplittableRandom random;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    // Owned by the loop.
    private String map;
    private int x;
    private int y;
    private int expectedXp;
    private int expectedGold;
    private Deque<Direction> route = new ArrayDeque<>();
    private long lastMoveNanos;
    private long portalStepNanos;
    private boolean finishing;
    private Runnable afterClose;

    WorldBot(EventLoop loop, WorldPlan plan, MapCatalog maps, String name, String ticket, WorldRun.Tally tally,
             long deadlineNanos, long seed) {
        this.loop = loop;
        this.plan = plan;
        this.maps = maps;
        this.name = name;
        this.ticket = ticket;
        this.tally = tally;
        this.deadlineNanos = deadlineNanos;
        this.random = new SplittableRandom(seed);
        this.map = plan.startMap();
    }

    /** Starts walking; completes when the bot has quit (never exceptionally). */
    CompletableFuture<Void> start() {
        loop.execute(() -> goTo(map, ""));
        return done;
    }

    private boolean pastDeadline() {
        return System.nanoTime() - deadlineNanos > 0;
    }

    private void goTo(String mapId, String token) {
        DispatcherClient.locateMap(loop, plan.dispatcher(), mapId, LOOKUP_TIMEOUT).whenCompleteAsync((address, error) -> {
            if (error != null) {
                fail("map|" + mapId + ": " + error.getMessage());
            } else {
                connect(address, token);
            }
        }, loop);
    }

    private void connect(InetSocketAddress address, String token) {
        BotConnections.open(loop, address, LOOKUP_TIMEOUT, MapClientCodec.INSTANCE, new MapHandler(token)).addListener(f -> {
            if (!f.isSuccess()) {
                fail("cannot connect to map server " + address + ": " + f.cause().getMessage());
            }
        });
    }

    private void fail(String error) {
        tally.error(name + ": " + error);
        done.complete(null);
    }

    /** Fights a battle the map server parked the bot in, then goes back to its map. */
    private void fight(String battleId) {
        Duration timeout = Duration.ofSeconds(30);
        DispatcherClient.locate(loop, plan.dispatcher(), 1, LOOKUP_TIMEOUT)
                .thenCompose(address -> BotPlayer.play(loop, address, new Command.Pve(ticket, battleId), timeout, Duration.ZERO))
                .whenCompleteAsync((report, error) -> {
                    if (error != null) {
                        tally.error(name + ": battle " + battleId + ": " + error.getMessage());
                    } else {
                        report.errors().forEach(e -> tally.error(name + ": battle: " + e));
                        boolean won = report.result().map(r -> r.outcome() == Event.Outcome.WIN).orElse(false);
                        if (report.result().isPresent()) {
                            tally.battle(won);
                        }
                        if (won) {
                            expectedXp += BattleRecord.WIN_XP;
                            expectedGold += BattleRecord.WIN_GOLD;
                        }
                    }
                    goTo(map, "");
                }, loop);
    }

    /** The next move, at the speed limit, towards a goal picked when the last one was reached. */
    private void step(Channel channel) {
        if (!channel.isActive()) {
            return;
        }
        if (pastDeadline()) {
            finishing = true;
            channel.writeAndFlush(new MapCommand.Where());
            return;
        }
        TileMap tiles = maps.get(map);
        for (int attempt = 0; route.isEmpty() && attempt < 10; attempt++) {
            int[] goal = goal(tiles);
            route = WorldPaths.route(tiles, x, y, goal[0], goal[1]);
        }
        if (route.isEmpty()) {
            fail("no way to any portal from " + map + " " + x + "," + y);
            channel.close();
            return;
        }
        long wait = lastMoveNanos + plan.moveInterval().toNanos() - System.nanoTime();
        loop.schedule(() -> {
            if (!channel.isActive()) {
                return;
            }
            Direction next = route.poll();
            lastMoveNanos = System.nanoTime();
            if (tiles.portalAt(x + next.dx(), y + next.dy()) != null) {
                portalStepNanos = lastMoveNanos;
            }
            channel.writeAndFlush(new MapCommand.Move(next));
        }, Math.max(0, wait), TimeUnit.NANOSECONDS);
    }

    /** A goal tile: a portal, or sometimes a monster tile. */
    private int[] goal(TileMap tiles) {
        List<int[]> candidates = new ArrayList<>();
        boolean monsters = random.nextInt(100) < MONSTER_GOAL_PERCENT;
        for (int ty = 0; ty < tiles.height(); ty++) {
            for (int tx = 0; tx < tiles.width(); tx++) {
                boolean wanted = monsters ? tiles.tile(tx, ty) == TileMap.MONSTERS : tiles.portalAt(tx, ty) != null;
                if (wanted && (tx != x || ty != y)) {
                    candidates.add(new int[] {tx, ty});
                }
            }
        }
        return candidates.isEmpty() ? new int[] {x, y} : candidates.get(random.nextInt(candidates.size()));
    }

    /** One connection to a map server, from {@code enter} to the close that sends the bot on. */
    private final class MapHandler extends SimpleChannelInboundHandler<MapEvent> {
        private final String token;

        MapHandler(String token) {
            this.token = token;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            ctx.writeAndFlush(new MapCommand.Enter(ticket, token));
            super.channelActive(ctx);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, MapEvent event) {
            if (event instanceof MapEvent.You you) {
                arrived(ctx, you);
            } else if (event instanceof MapEvent.Moved moved && moved.name().equals(name)) {
                x = moved.x();
                y = moved.y();
                tally.move();
                if (portalStepNanos == 0) {
                    step(ctx.channel());
                }
            } else if (event instanceof MapEvent.Portal portal) {
                map = portal.map();
                afterClose = () -> connect(InetSocketAddress.createUnresolved(portal.host(), portal.port()), portal.token());
            } else if (event instanceof MapEvent.Battle battle) {
                afterClose = () -> fight(battle.battleId());
            } else if (event instanceof MapEvent.Elsewhere elsewhere) {
                map = elsewhere.map();
                afterClose = () -> goTo(elsewhere.map(), "");
            } else if (event instanceof MapEvent.Err err) {
                refused(ctx, err.reason());
            }
        }

        private void arrived(ChannelHandlerContext ctx, MapEvent.You you) {
            if (you.xp() != expectedXp || you.gold() != expectedGold) {
                tally.mismatch(name + ": expected xp=" + expectedXp + " gold=" + expectedGold + ", server says " + you);
                expectedXp = you.xp(); // report each difference once
                expectedGold = you.gold();
            }
            if (portalStepNanos != 0) {
                tally.handoff(System.nanoTime() - portalStepNanos);
                portalStepNanos = 0;
            }
            map = you.map();
            x = you.x();
            y = you.y();
            route.clear();
            if (finishing) {
                ctx.writeAndFlush(new MapCommand.Quit());
                afterClose = () -> done.complete(null);
            } else {
                step(ctx.channel());
            }
        }

        private void refused(ChannelHandlerContext ctx, String reason) {
            if (reason.startsWith("too fast")) {
                step(ctx.channel());
            } else if (reason.equals("leaving the map")) {
                return; // a move sent just after the one that started a battle: the BATTLE line follows
            } else if (reason.startsWith("still in battle") && !pastDeadline()) {
                afterClose = () -> loop.schedule(() -> goTo(map, ""), RETRY_MS, TimeUnit.MILLISECONDS);
                ctx.close();
            } else {
                tally.error(name + ": " + reason);
                afterClose = () -> done.complete(null);
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            Runnable next = afterClose;
            afterClose = null;
            if (next != null) {
                next.run();
            } else if (!done.isDone()) {
                fail("map server closed the connection");
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            tally.error(name + ": " + cause);
            ctx.close();
        }
    }
}
