package gamegrid.dispatcher;

import gamegrid.dispatcher.fleet.FleetException;
import gamegrid.protocol.Hangup;
import gamegrid.protocol.LineDeadlineHandler;
import gamegrid.protocol.dispatch.Reply;
import gamegrid.protocol.dispatch.Request;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * A client's connection: turns each {@link Request} into a fleet call through the {@link FleetDesk} and
 * answers in request order, even when a {@code get} has to wait for a battle server to start.
 *
 * <p>A connection starts in one-shot mode, as with the original dispatcher: one command, one reply,
 * close. {@code session} keeps it open for many commands. A first command {@code register} hands the
 * connection to a {@link ControlLinkHandler}, which takes this handler's place in the pipeline.
 *
 * <p>Backpressure: reading (and decoding what was read) pauses while {@link #MAX_IN_FLIGHT} replies are
 * outstanding or the connection is unwritable, whatever the reply, so a client that never reads holds at
 * most about 64 KiB of replies and one read of requests. Every command read gets its answer or, when the
 * connection fails, the failure as {@code ERR}; no {@code get} ends in a silent close while the peer can
 * still be written to. All state here belongs to the channel's event loop.
 */
final class ClientSessionHandler extends SimpleChannelInboundHandler<Request> {
    /** Replies a pipelining client may have outstanding before the dispatcher stops reading from it. */
    static final int MAX_IN_FLIGHT = 256;

    private final FrontDoor shared;
    private final FleetDesk desk;
    private final RequestDecoder decoder;
    private final ArrayDeque<CompletableFuture<Reply>> inFlight = new ArrayDeque<>();
    private SeatQuota.Allowance seats;
    private boolean firstCommandSeen;
    private boolean session;
    private boolean closeWhenAnswered;
    private boolean inReadBatch;
    /** When the current read batch began, on the fleet's clock: read once for all its requests. */
    private long batchNanos;
    private final AnsweredInBatch answeredInBatch = new AnsweredInBatch();
    /** Whether any reply was written: a one-shot connection must get exactly one. */
    private boolean answered;

    ClientSessionHandler(FrontDoor shared, RequestDecoder decoder) {
        this.shared = shared;
        this.desk = shared.desk();
        this.decoder = decoder;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        seats = shared.seatQuota().open(ctx.channel().remoteAddress() instanceof InetSocketAddress inet ? inet.getAddress() : null);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        seats.close();
        reportAnswered();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Request request) {
        if (closeWhenAnswered) {
            return; // one-shot connections answer their first command only
        }
        if (!firstCommandSeen) {
            firstCommandSeen = true;
            if (request instanceof Request.Register) {
                ControlLinkHandler.takeOver(ctx, this, request, shared, decoder);
                return;
            }
            if (shared.limiter().isPending(ctx.channel())) {
                failAndClose(ctx, "too many connections"); // past a limit, and not a battle server
                return;
            }
        }
        if (!inReadBatch) {
            inReadBatch = true;
            batchNanos = desk.now();
        }
        Reply now = request instanceof Request.Get get ? routeNow(get) : answer(ctx, request);
        CompletableFuture<Reply> reply = now != null ? null : later(request);
        if (!session || request instanceof Request.Quit) {
            closeWhenAnswered = true;
        }
        observe(request, now, reply);
        if (now != null && inFlight.isEmpty() && !closeWhenAnswered) {
            // The hot path of a session, free of futures and promises; flushed with the read batch.
            ctx.write(now, ctx.voidPromise());
            answered = true;
            pauseIfBackedUp(ctx);
            return;
        }
        enqueue(ctx, now != null ? CompletableFuture.completedFuture(now) : reply);
    }

    /**
     * Tells the observer of the reply: {@code now} when the read batch's replies are flushed (at once if this
     * is the connection's last), or {@code later} once it completes.
     */
    private void observe(Request request, Reply now, CompletableFuture<Reply> later) {
        long readNanos = batchNanos;
        if (now == null) {
            later.thenAccept(reply -> shared.observer().answered(request, reply, desk.now() - readNanos));
        } else {
            answeredInBatch.add(request, now);
            if (closeWhenAnswered) {
                reportAnswered();
            }
        }
    }

    private void reportAnswered() {
        if (!answeredInBatch.isEmpty()) {
            answeredInBatch.report(shared.observer(), desk.now() - batchNanos);
        }
    }

    /** The answers the fleet's thread gives: a {@code get} that waits, launches or is refused; stats; health. */
    private CompletableFuture<Reply> later(Request request) {
        if (request instanceof Request.Get get) {
            return desk.route(get);
        }
        return request instanceof Request.Stats ? desk.stats() : desk.health();
    }

    /** The answer to a {@code get} that can be given at once, or null when it has to wait for a server. */
    private Reply routeNow(Request.Get get) {
        String refusal = seats.take(get.seats(), batchNanos);
        return refusal != null ? new Reply.Err(refusal) : desk.routeNow(get, batchNanos);
    }

    private Reply answer(ChannelHandlerContext ctx, Request request) {
        try {
            if (request instanceof Request.Add add) {
                return desk.reportLegacy(legacyReport(ctx, add.port()), add.route(), true);
            } else if (request instanceof Request.Del del) {
                return desk.reportLegacy(legacyReport(ctx, del.port()), del.route(), false);
            } else if (request instanceof Request.Stats || request instanceof Request.Health) {
                return null; // answered by the fleet's thread
            } else if (request instanceof Request.Session) {
                session = true;
                return new Reply.Ok("session");
            } else if (request instanceof Request.Register) {
                return new Reply.Err("register must be the first command of a connection");
            } else if (request instanceof Request.Allocated) {
                return new Reply.Err("forbidden: only a registered server answers ALLOCATE");
            } else if (request instanceof Request.Ping) {
                return new Reply.Pong();
            } else if (request instanceof Request.Quit) {
                return new Reply.Ok("bye");
            } else if (request instanceof Request.Invalid invalid) {
                return new Reply.Err(invalid.reason());
            }
            return new Reply.Err("unsupported command");
        } catch (FleetException e) {
            return new Reply.Err(e.getMessage());
        }
    }

    /** Clients change loads only from addresses allowed for the original one-shot reports (of battle servers). */
    private int legacyReport(ChannelHandlerContext ctx, int port) throws FleetException {
        if (!shared.reportPolicy().acceptsLegacyReportFrom(ctx.channel().remoteAddress())) {
            throw new FleetException("forbidden: only registered battle servers report loads");
        }
        return port;
    }

    private void enqueue(ChannelHandlerContext ctx, CompletableFuture<Reply> reply) {
        inFlight.add(reply);
        if (reply.isDone()) {
            writeAnswered(ctx);
        } else {
            reply.whenComplete((r, e) -> ctx.executor().execute(() -> writeAnswered(ctx)));
        }
        pauseIfBackedUp(ctx);
    }

    /** Writes every reply at the head of the queue that is ready, in order; closes after the last when asked to. */
    private void writeAnswered(ChannelHandlerContext ctx) {
        if (!ctx.channel().isOpen()) {
            inFlight.clear();
            return;
        }
        while (!inFlight.isEmpty() && inFlight.peek().isDone()) {
            Reply reply = inFlight.poll().getNow(null);
            answered = true;
            if (closeWhenAnswered && inFlight.isEmpty()) {
                Hangup.after(ctx, reply);
                return;
            }
            ctx.write(reply, ctx.voidPromise());
        }
        if (!inReadBatch) {
            ctx.flush();
        }
        if (closeWhenAnswered && inFlight.isEmpty()) {
            Hangup.after(ctx, null);
        } else if (!pauseIfBackedUp(ctx)) {
            resumeIfDrained(ctx);
        }
    }

    /** Stops reading while the client has too much to read: returns whether it is paused. */
    private boolean pauseIfBackedUp(ChannelHandlerContext ctx) {
        if (inFlight.size() >= MAX_IN_FLIGHT || !ctx.channel().isWritable()) {
            decoder.pause();
            return true;
        }
        return decoder.isPaused();
    }

    private void resumeIfDrained(ChannelHandlerContext ctx) {
        if (!closeWhenAnswered && inFlight.size() < MAX_IN_FLIGHT / 2 && ctx.channel().isWritable()) {
            decoder.resume();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        inReadBatch = false;
        ctx.flush();
        reportAnswered();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        resumeIfDrained(ctx);
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent || event == RequestDecoder.STALLED) {
            failAndClose(ctx, "idle timeout");
        } else if (event == LineDeadlineHandler.LINE_TIMEOUT) {
            failAndClose(ctx, "line timeout");
        } else if (event == DispatcherServer.STOPPING) {
            failAndClose(ctx, "dispatcher is stopping");
        } else if (event instanceof ChannelInputShutdownEvent) {
            // The client half-closed: answer what it sent, then close.
            closeWhenAnswered = true;
            writeAnswered(ctx);
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            failAndClose(ctx, "line too long (limit " + shared.maxLineLength() + " bytes)");
        } else if (cause instanceof IOException) {
            ctx.close(); // the peer is gone or reset: nobody to answer
        } else {
            shared.warnings().warn(peer(ctx), "closing connection from {} after an unexpected error",
                    ctx.channel().remoteAddress(), cause);
            failAndClose(ctx, "internal error");
        }
    }

    /**
     * Answers everything already asked, then (in a session) the failure, then closes. A one-shot connection
     * still owes its single answer: the pending one, or else the failure.
     */
    private void failAndClose(ChannelHandlerContext ctx, String reason) {
        boolean oneShotUnanswered = !session && !answered && inFlight.isEmpty();
        if (closeWhenAnswered && inFlight.isEmpty() && !oneShotUnanswered) {
            Hangup.after(ctx, null); // everything owed is written
            return;
        }
        closeWhenAnswered = true;
        if (session || oneShotUnanswered) {
            inFlight.add(CompletableFuture.completedFuture(new Reply.Err(reason)));
        }
        writeAnswered(ctx);
    }

    static Object peer(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress inet ? inet.getAddress() : "local";
    }
}
