package gamegrid.mapserver;

import gamegrid.protocol.LineDeadlineHandler;
import gamegrid.protocol.map.MapCommand;
import gamegrid.protocol.map.MapEvent;
import gamegrid.protocol.ticket.Ticket;
import gamegrid.protocol.ticket.TicketAuthority;
import gamegrid.protocol.ticket.TicketException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one connection's commands into calls on the world; checks tickets before anything reaches it. Every
 * answer goes out from the world's loop, so replies keep the order of the commands.
 */
final class MapServerHandler extends SimpleChannelInboundHandler<MapCommand> {
    private static final Logger log = LoggerFactory.getLogger(MapServerHandler.class);

    private final World world;
    private final TicketAuthority tickets;
    private final Clock clock;
    private Session session;

    MapServerHandler(World world, TicketAuthority tickets, Clock clock) {
        this.world = world;
        this.tickets = tickets;
        this.clock = clock;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        session = world.newSession(ctx.channel());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MapCommand command) {
        if (command instanceof MapCommand.Enter enter) {
            Ticket ticket;
            try {
                ticket = tickets.verify(enter.ticket(), clock.instant());
            } catch (TicketException e) {
                log.debug("refused ticket from {}: {}", ctx.channel().remoteAddress(), e.getMessage());
                world.answer(session, new MapEvent.Err(e.getMessage()));
                return;
            }
            world.enter(session, ticket.name(), enter.token());
        } else if (command instanceof MapCommand.Move move) {
            world.move(session, move.direction());
        } else if (command instanceof MapCommand.Look) {
            world.look(session);
        } else if (command instanceof MapCommand.Where) {
            world.where(session);
        } else if (command instanceof MapCommand.Ping) {
            world.answer(session, new MapEvent.Pong());
        } else if (command instanceof MapCommand.Quit) {
            world.close(session, null);
        } else if (command instanceof MapCommand.Invalid invalid) {
            log.debug("bad command from {}: {}", ctx.channel().remoteAddress(), invalid.reason());
            world.answer(session, new MapEvent.Err(invalid.reason()));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        world.closed(session);
        super.channelInactive(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        // A client that stops reading would make the server hold its events without bound: it is dropped instead.
        if (!ctx.channel().isWritable()) {
            log.debug("closing connection from {}: not reading its events", ctx.channel().remoteAddress());
            ctx.close();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            world.close(session, new MapEvent.Err("idle timeout"));
        } else if (event == LineDeadlineHandler.LINE_TIMEOUT) {
            world.close(session, new MapEvent.Err("line timeout"));
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            world.answer(session, new MapEvent.Err("line too long"));
            return;
        }
        log.debug("closing connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
