package gamegrid.fightserver.bot;

import gamegrid.protocol.battle.BattleClientCodec;
import gamegrid.protocol.battle.Command;
import gamegrid.protocol.battle.Event;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Plays one battle on its own connection, acting as soon as each round opens. Non-blocking: the returned
 * future completes on an event loop once the connection is closed, and never fails; problems go in the report.
 */
public final class BotPlayer {
    private BotPlayer() {
    }

    /**
     * @param join    {@code pve} or {@code pvp}/{@code pvp|ROOM}
     * @param timeout the connection is closed after this long; the report then has no result
     * @param think   how long the bot waits after a round opens before it acts, as a person would
     */
    public static CompletableFuture<BattleReport> play(EventLoopGroup group, InetSocketAddress server,
                                                       Command join, Duration timeout, Duration think) {
        CompletableFuture<BattleReport> report = new CompletableFuture<>();
        ChannelFuture connected = BotConnections.open(group, server, timeout,
                BattleClientCodec.INSTANCE, new BotHandler(join, timeout, think, report));
        connected.addListener(f -> {
            if (!f.isSuccess()) {
                report.complete(BattleReport.failed("cannot connect to " + server.getHostString() + ":" + server.getPort() + ": " + f.cause()));
            }
        });
        return report;
    }

    /** One bot's side of the conversation; its state belongs to the connection's event loop. */
    private static final class BotHandler extends SimpleChannelInboundHandler<Event> {
        private final Command join;
        private final Duration timeout;
        private final Duration think;
        private final CompletableFuture<BattleReport> report;
        private final BotBrain brain = new BotBrain();
        private final List<String> errors = new ArrayList<>();
        private final List<Long> turnaroundNanos = new ArrayList<>();
        private Event.Finished result;
        private ScheduledFuture<?> deadline;
        private long orderSentNanos;

        BotHandler(Command join, Duration timeout, Duration think, CompletableFuture<BattleReport> report) {
            this.join = join;
            this.timeout = timeout;
            this.think = think;
            this.report = report;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            deadline = ctx.executor().schedule(() -> ctx.close(), timeout.toMillis(), TimeUnit.MILLISECONDS);
            ctx.writeAndFlush(join);
            super.channelActive(ctx);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Event event) {
            brain.see(event);
            if (orderSentNanos != 0 && (event instanceof Event.RoundStarted || event instanceof Event.Finished)) {
                turnaroundNanos.add(System.nanoTime() - orderSentNanos);
                orderSentNanos = 0;
            }
            if (event instanceof Event.RoundStarted) {
                if (think.isZero()) {
                    act(ctx);
                } else {
                    ctx.executor().schedule(() -> act(ctx), think.toNanos(), TimeUnit.NANOSECONDS);
                }
            } else if (event instanceof Event.Err err) {
                errors.add(err.reason());
            } else if (event instanceof Event.Finished finished) {
                result = finished;
                ctx.close();
            }
        }

        private void act(ChannelHandlerContext ctx) {
            if (!ctx.channel().isActive()) {
                return;
            }
            brain.decide().ifPresent(order -> {
                orderSentNanos = System.nanoTime();
                ctx.writeAndFlush(order);
            });
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            deadline.cancel(false);
            report.complete(new BattleReport(Optional.ofNullable(result), brain.round(), errors, turnaroundNanos));
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            errors.add(cause.toString());
            ctx.close();
        }
    }
}
