package gamegrid.dispatcher;

import gamegrid.dispatcher.fleet.FleetException;
import gamegrid.dispatcher.fleet.Registration;
import gamegrid.protocol.Hangup;
import gamegrid.protocol.LineDeadlineHandler;
import gamegrid.protocol.dispatch.Reply;
import gamegrid.protocol.dispatch.Request;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's control link: the connection whose first command was {@code register}. It takes the client
 * handler's place in the pipeline (as Velocity swaps a session handler when a connection changes state),
 * asks the fleet to accept the server, and from then on carries its load reports and heartbeats; the
 * dispatcher may write {@code DRAIN} on it unasked. A refused registration is answered and closed.
 *
 * <p>While the fleet decides, nothing more is read or decoded, so the server's first reports count only
 * once it is registered. Every later reply is ready at once, so they are written in order as they come;
 * reading pauses while the link is unwritable. Watched by the fleet's heartbeat timeout instead of the
 * client idle timeout. All state here belongs to the channel's event loop.
 */
final class ControlLinkHandler extends SimpleChannelInboundHandler<Request> {
    private static final Logger log = LoggerFactory.getLogger(ControlLinkHandler.class);

    private final FrontDoor shared;
    private final RequestDecoder decoder;
    private Registration registration;
    private boolean closing;

    private ControlLinkHandler(FrontDoor shared, RequestDecoder decoder) {
        this.shared = shared;
        this.decoder = decoder;
    }

    /** Puts a control-link handler in place of {@code client} and hands it the connection's first command. */
    static void takeOver(ChannelHandlerContext clientCtx, ChannelHandler client, Request register, FrontDoor shared,
                         RequestDecoder decoder) {
        clientCtx.pipeline().replace(client, DispatcherServerInitializer.CONTROL_LINK, new ControlLinkHandler(shared, decoder));
        clientCtx.fireChannelRead(register); // a replaced context forwards to its replacement
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Request request) {
        if (closing) {
            return;
        }
        if (registration == null) {
            register(ctx, (Request.Register) request);
            return;
        }
        shared.desk().heartbeat(registration);
        long readNanos = System.nanoTime();
        Reply reply = answer(request);
        shared.observer().answered(request, reply, System.nanoTime() - readNanos);
        ctx.write(reply, ctx.voidPromise());
        if (request instanceof Request.Quit) {
            closing = true;
            Hangup.after(ctx, null);
        } else if (!ctx.channel().isWritable()) {
            decoder.pause();
        }
    }

    private void register(ChannelHandlerContext ctx, Request.Register register) {
        decoder.pause(); // until the fleet's verdict
        shared.desk().register(register, new ChannelControlLink(ctx.channel()))
                .whenComplete((accepted, error) -> ctx.executor().execute(() -> registered(ctx, register, accepted, error)));
    }

    /** The fleet's verdict, on this channel's event loop. */
    private void registered(ChannelHandlerContext ctx, Request.Register register, Registration accepted, Throwable error) {
        if (error != null) {
            String reason = FleetDesk.reason(error);
            if (reason.startsWith("forbidden")) {
                shared.warnings().warn(ClientSessionHandler.peer(ctx), "registration refused from {} for {} port={}: {}",
                        ctx.channel().remoteAddress(), register.kind(), register.port(), reason);
            } else {
                log.info("registration refused from {} for {} port={}: {}", ctx.channel().remoteAddress(),
                        register.kind(), register.port(), reason);
            }
            closing = true;
            Hangup.after(ctx, new Reply.Err(reason));
            return;
        }
        registration = accepted;
        if (!ctx.channel().isActive()) {
            shared.desk().linkClosed(accepted); // it went away while the fleet was deciding
            return;
        }
        shared.limiter().exempt(ctx.channel());
        // The fleet watches heartbeats; a slow but live server must not be cut off by the client timeout.
        ctx.pipeline().remove(DispatcherServerInitializer.IDLE_STATE);
        ctx.writeAndFlush(new Reply.Ok("registered"), ctx.voidPromise());
        decoder.resume();
    }

    private Reply answer(Request request) {
        try {
            if (request instanceof Request.Add add) {
                return shared.desk().report(ownLink(add.port()), add.route(), true);
            } else if (request instanceof Request.Del del) {
                return shared.desk().report(ownLink(del.port()), del.route(), false);
            } else if (request instanceof Request.Allocated allocated) {
                return shared.desk().allocated(ownLink(allocated.port()), allocated.allocated());
            } else if (request instanceof Request.Ping) {
                return new Reply.Pong();
            } else if (request instanceof Request.Quit) {
                return new Reply.Ok("bye");
            } else if (request instanceof Request.Register) {
                return new Reply.Err("already registered for port " + registration.address().port());
            } else if (request instanceof Request.Invalid invalid) {
                return new Reply.Err(invalid.reason());
            }
            return new Reply.Err("not on a control link: " + request.getClass().getSimpleName().toLowerCase());
        } catch (FleetException e) {
            return new Reply.Err(e.getMessage());
        }
    }

    private Registration ownLink(int reported) throws FleetException {
        if (reported != registration.address().port()) {
            throw new FleetException("this link reports for port " + registration.address().port() + " only");
        }
        return registration;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable() && registration != null && !closing) {
            decoder.resume();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == LineDeadlineHandler.LINE_TIMEOUT) {
            hangUp(ctx, new Reply.Err("line timeout"));
        } else if (event == DispatcherServer.STOPPING || event instanceof ChannelInputShutdownEvent) {
            hangUp(ctx, null); // the dispatcher stops (the server reconnects to the next), or the server closed its end
        } else if (event == RequestDecoder.STALLED && registration != null) {
            log.warn("closing control link of {}: the server read nothing for the client idle timeout", registration.address());
            hangUp(ctx, null);
        }
        super.userEventTriggered(ctx, event);
    }

    private void hangUp(ChannelHandlerContext ctx, Reply last) {
        closing = true;
        Hangup.after(ctx, last);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (registration != null) {
            shared.desk().linkClosed(registration);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            hangUp(ctx, new Reply.Err("line too long (limit " + shared.maxLineLength() + " bytes)"));
        } else if (cause instanceof IOException) {
            ctx.close();
        } else {
            shared.warnings().warn(ClientSessionHandler.peer(ctx), "closing control link from {} after an unexpected error",
                    ctx.channel().remoteAddress(), cause);
            hangUp(ctx, new Reply.Err("internal error"));
        }
    }
}
