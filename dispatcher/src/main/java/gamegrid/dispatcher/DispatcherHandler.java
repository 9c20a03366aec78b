package gamegrid.dispatcher;

import gamegrid.dispatcher.fleet.Fleet;
import gamegrid.dispatcher.fleet.FleetException;
import gamegrid.dispatcher.fleet.FleetView;
import gamegrid.dispatcher.fleet.Registration;
import gamegrid.dispatcher.fleet.ServerAddress;
import gamegrid.protocol.LineDeadlineHandler;
import gamegrid.protocol.dispatch.Reply;
import gamegrid.protocol.dispatch.Request;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each {@link Request} into a fleet call and its {@link Reply}, keeping replies in request order
 * even when a {@code get} has to wait for a battle server to start.
 *
 * <p>A connection starts in one-shot mode, as with the original dispatcher: one command, one reply,
 * close. {@code session} keeps it open for many commands; {@code register} makes it a server's
 * control link once the fleet accepts it. All state here belongs to the channel's event loop.
 */
final class DispatcherHandler extends SimpleChannelInboundHandler<Request> {
    private static final Logger log = LoggerFactory.getLogger(DispatcherHandler.class);
    /** Replies a pipelining client may have outstanding before the dispatcher stops reading from it. */
    static final int MAX_IN_FLIGHT = 256;

    private enum Mode { ONE_SHOT, SESSION, REGISTERING, CONTROL }

    private final Fleet fleet;
    private final ReportPolicy reportPolicy;
    private final int maxLineLength;
    private final ArrayDeque<CompletableFuture<Reply>> inFlight = new ArrayDeque<>();
    private Mode mode = Mode.ONE_SHOT;
    private boolean closeWhenAnswered;
    private boolean inReadBatch;
    /** Requests that arrived while the fleet was deciding on a registration; handled once it has. */
    private final ArrayDeque<Request> heldWhileRegistering = new ArrayDeque<>();
    private Registration registration;
    private final RequestObserver observer;

    DispatcherHandler(Fleet fleet, ReportPolicy reportPolicy, int maxLineLength, RequestObserver observer) {
        this.fleet = fleet;
        this.reportPolicy = reportPolicy;
        this.maxLineLength = maxLineLength;
        this.observer = observer;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Request request) {
        if (closeWhenAnswered) {
            return; // one-shot connections answer their first command only
        }
        if (mode == Mode.REGISTERING) {
            heldWhileRegistering.add(request);
            return;
        }
        inReadBatch = true;
        handle(ctx, request);
    }

    private void handle(ChannelHandlerContext ctx, Request request) {
        if (mode == Mode.CONTROL) {
            fleet.heartbeat(registration);
        }
        if (request instanceof Request.Register register && mode != Mode.CONTROL) {
            register(ctx, register);
            return;
        }
        long readNanos = System.nanoTime();
        Reply now = request instanceof Request.Get get ? routeNow(get) : answer(ctx, request);
        CompletableFuture<Reply> reply = now != null ? null : later(request);
        observe(request, readNanos, now, reply);
        if (mode == Mode.ONE_SHOT || request instanceof Request.Quit) {
            closeWhenAnswered = true;
        }
        if (now != null && inFlight.isEmpty() && !closeWhenAnswered) {
            // The hot path of a session, free of futures and promises; flushed with the read batch.
            ctx.write(now, ctx.voidPromise());
            return;
        }
        enqueue(ctx, now != null ? CompletableFuture.completedFuture(now) : reply);
    }

    /** Tells the observer of the reply: {@code now}, or {@code later} once it completes. */
    private void observe(Request request, long readNanos, Reply now, CompletableFuture<Reply> later) {
        if (now != null) {
            observer.answered(request, now, System.nanoTime() - readNanos);
        } else {
            later.thenAccept(reply -> observer.answered(request, reply, System.nanoTime() - readNanos));
        }
    }

    /** The answer to a {@code get} that a ready server can take at once, or null when it has to wait. */
    private Reply routeNow(Request.Get get) {
        ServerAddress server = fleet.tryAcquire(get.kind(), get.route(), get.seats());
        return server != null ? new Reply.Endpoint(server.host(), server.port()) : null;
    }

    /** The answers the fleet's thread gives: a {@code get} that waits, launches or is refused; stats; health. */
    private CompletableFuture<Reply> later(Request request) {
        if (request instanceof Request.Get get) {
            return fleet.acquire(get.kind(), get.route(), get.seats()).handle((server, error) ->
                    error == null ? new Reply.Endpoint(server.host(), server.port()) : new Reply.Err(reason(error)));
        } else if (request instanceof Request.Stats) {
            return fleet.view().thenApply(DispatcherHandler::stats);
        }
        return fleet.notReadyReason().thenApply(why -> why == null ? new Reply.Ok("ready") : new Reply.Err("not ready: " + why));
    }

    private Reply answer(ChannelHandlerContext ctx, Request request) {
        try {
            if (request instanceof Request.Add add) {
                fleet.add(reportingKind(), reportingServer(ctx, add.port()), add.route());
                return Reply.Ok.PLAIN;
            } else if (request instanceof Request.Del del) {
                fleet.del(reportingKind(), reportingServer(ctx, del.port()), del.route());
                return Reply.Ok.PLAIN;
            } else if (request instanceof Request.Allocated allocated) {
                reportingServer(ctx, allocated.port());
                if (registration == null) {
                    throw new FleetException("forbidden: only a registered server answers ALLOCATE");
                }
                fleet.allocated(registration, allocated.allocated());
                return Reply.Ok.PLAIN;
            } else if (request instanceof Request.Stats || request instanceof Request.Health) {
                return null;
            } else if (request instanceof Request.Session) {
                if (mode == Mode.ONE_SHOT) {
                    mode = Mode.SESSION;
                }
                return new Reply.Ok("session");
            } else if (request instanceof Request.Register) {
                return new Reply.Err("already registered for port " + registration.address().port());
            } else if (request instanceof Request.Ping) {
                return new Reply.Pong();
            } else if (request instanceof Request.Quit) {
                return new Reply.Ok("bye");
            } else if (request instanceof Request.Invalid invalid) {
                log.debug("bad request from {}: {}", ctx.channel().remoteAddress(), invalid.reason());
                return new Reply.Err(invalid.reason());
            }
            return new Reply.Err("unsupported command");
        } catch (FleetException e) {
            return new Reply.Err(e.getMessage());
        }
    }

    /** A control link reports for its own kind; an allowed legacy one-shot report is a battle server's. */
    private String reportingKind() {
        return registration != null ? registration.kind() : Request.BATTLE;
    }

    /** The server a report is for: a control link's own, or for an allowed legacy one-shot report, the local port. */
    private ServerAddress reportingServer(ChannelHandlerContext ctx, int port) throws FleetException {
        if (mode == Mode.CONTROL) {
            if (port != registration.address().port()) {
                throw new FleetException("this link reports for port " + registration.address().port() + " only");
            }
            return registration.address();
        }
        if (!reportPolicy.acceptsLegacyReportFrom(ctx.channel().remoteAddress())) {
            throw new FleetException("forbidden: only registered battle servers report loads");
        }
        return fleet.local(port);
    }

    /**
     * Hands a registration to the fleet. Until it decides, this connection reads nothing more and holds what
     * it already read, so that the server's first reports are counted only once it is registered.
     */
    private void register(ChannelHandlerContext ctx, Request.Register register) {
        mode = Mode.REGISTERING;
        ctx.channel().config().setAutoRead(false);
        ChannelControlLink link = new ChannelControlLink(ctx.channel());
        CompletableFuture<Reply> verdict = fleet.register(register, link).handle((accepted, error) -> {
            ctx.executor().execute(() -> registered(ctx, accepted));
            if (error != null) {
                log.debug("registration refused from {} for {} port={}: {}", ctx.channel().remoteAddress(),
                        register.kind(), register.port(), reason(error));
                return new Reply.Err(reason(error));
            }
            return new Reply.Ok("registered");
        });
        enqueue(ctx, verdict);
    }

    /** The fleet's verdict on a registration, on this channel's event loop. */
    private void registered(ChannelHandlerContext ctx, Registration accepted) {
        if (accepted == null) {
            mode = Mode.SESSION;
            closeWhenAnswered = true; // a refused server gets its ERR, then the connection closes
            heldWhileRegistering.clear();
            writeAnswered(ctx);
            return;
        }
        mode = Mode.CONTROL;
        registration = accepted;
        if (!ctx.channel().isActive()) {
            fleet.linkClosed(accepted); // it went away while the fleet was deciding
            return;
        }
        // The fleet watches heartbeats; a slow but live server must not be cut off by the client timeout.
        ctx.pipeline().remove(DispatcherServerInitializer.IDLE_STATE);
        while (!heldWhileRegistering.isEmpty() && !closeWhenAnswered) {
            handle(ctx, heldWhileRegistering.poll());
        }
        ctx.flush();
        resumeReadingIfDrained(ctx);
    }

    private void enqueue(ChannelHandlerContext ctx, CompletableFuture<Reply> reply) {
        inFlight.add(reply);
        if (reply.isDone()) {
            writeAnswered(ctx);
        } else {
            reply.whenComplete((r, e) -> ctx.executor().execute(() -> writeAnswered(ctx)));
        }
        if (inFlight.size() >= MAX_IN_FLIGHT || !ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    /** Writes every reply at the head of the queue that is ready, in order. */
    private void writeAnswered(ChannelHandlerContext ctx) {
        ChannelFuture lastWrite = null;
        while (!inFlight.isEmpty() && inFlight.peek().isDone()) {
            Reply reply = inFlight.poll().join();
            if (closeWhenAnswered && inFlight.isEmpty()) {
                lastWrite = ctx.write(reply); // the close hangs on this one
            } else {
                ctx.write(reply, ctx.voidPromise());
            }
        }
        if (!inReadBatch) {
            ctx.flush();
        }
        if (inFlight.isEmpty() && closeWhenAnswered) {
            ctx.flush();
            if (lastWrite != null) {
                lastWrite.addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.close();
            }
        } else {
            resumeReadingIfDrained(ctx);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        inReadBatch = false;
        ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        resumeReadingIfDrained(ctx);
        super.channelWritabilityChanged(ctx);
    }

    private void resumeReadingIfDrained(ChannelHandlerContext ctx) {
        if (!closeWhenAnswered && mode != Mode.REGISTERING && inFlight.size() < MAX_IN_FLIGHT / 2 && ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            log.debug("closing idle connection from {}", ctx.channel().remoteAddress());
            failAndClose(ctx, "idle timeout");
        } else if (event == LineDeadlineHandler.LINE_TIMEOUT) {
            log.debug("closing connection from {}: line left unfinished", ctx.channel().remoteAddress());
            failAndClose(ctx, "line timeout");
        } else if (event instanceof ChannelInputShutdownEvent) {
            // The client half-closed: answer what it sent, then close.
            closeWhenAnswered = true;
            writeAnswered(ctx);
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (registration != null) {
            fleet.linkClosed(registration);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            failAndClose(ctx, "line too long (limit " + maxLineLength + " bytes)");
        } else if (cause instanceof IOException) {
            log.debug("connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        } else {
            log.warn("closing connection from {} after an unexpected error", ctx.channel().remoteAddress(), cause);
            failAndClose(ctx, "internal error");
        }
    }

    /** Answers everything already asked, then the error, then closes. */
    private void failAndClose(ChannelHandlerContext ctx, String reason) {
        if (closeWhenAnswered && inFlight.isEmpty()) {
            ctx.close();
            return;
        }
        closeWhenAnswered = true;
        inFlight.add(CompletableFuture.completedFuture(new Reply.Err(reason)));
        writeAnswered(ctx);
    }

    /** The fleet as the wire shows it: no pids, which are for operators. */
    private static Reply stats(FleetView view) {
        return new Reply.Stats(
                view.kinds().stream().map(k -> new Reply.KindRow(k.kind(), k.servers(), k.ready(), k.players(),
                        k.reserved(), k.failures(), k.backoffMillis(), k.cause())).toList(),
                view.servers().stream().map(s -> new Reply.ServerRow(s.kind(), s.host(), s.port(), s.state().name(), s.players(),
                        s.reserved(), s.uptimeSeconds(), s.routes())).toList());
    }

    private static String reason(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof FleetException ? cause.getMessage() : "internal error";
    }
}
