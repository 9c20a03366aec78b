package gamegrid.fightserver;

import gamegrid.protocol.LineDeadlineHandler;
import gamegrid.protocol.battle.Command;
import gamegrid.protocol.battle.Event;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one connection's commands into calls on the seats, the arena, the lobby or its battle room.
 * Its own state belongs to the connection's event loop; battle orders go to the room's loop.
 */
final class BattleServerHandler extends SimpleChannelInboundHandler<Command> {
    private static final Logger log = LoggerFactory.getLogger(BattleServerHandler.class);

    private final Seats seats;
    private final Arena arena;
    private final Lobby lobby;
    private Player player;

    BattleServerHandler(Seats seats, Arena arena, Lobby lobby) {
        this.seats = seats;
        this.arena = arena;
        this.lobby = lobby;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        player = new Player(ctx.channel());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Command command) {
        if (command instanceof Command.Action action) {
            Player.Membership membership = player.membership();
            if (membership == null) {
                player.send(new Event.Err("not in a battle"));
            } else {
                membership.room().submit(player, action);
            }
        } else if (command instanceof Command.Pve pve) {
            if (pve.fromMap() && !arena.takesMapBattles()) {
                player.send(new Event.Err("battles from maps are not served here: no state store configured"));
            } else if (seated()) {
                if (pve.fromMap()) {
                    arena.mapPve(player, pve);
                } else {
                    arena.pve(player);
                }
            }
        } else if (command instanceof Command.Pvp pvp) {
            if (seated()) {
                lobby.join(player, pvp.room());
            }
        } else if (command instanceof Command.Ping) {
            player.send(new Event.Pong());
        } else if (command instanceof Command.Quit) {
            ctx.close();
        } else if (command instanceof Command.Invalid invalid) {
            log.debug("bad command from {}: {}", ctx.channel().remoteAddress(), invalid.reason());
            player.send(new Event.Err(invalid.reason()));
        }
    }

    /** Takes a seat for a join; answers and returns false when the player cannot have one. */
    private boolean seated() {
        if (player.holdsSeat()) {
            player.send(new Event.Err(player.membership() != null ? "already in a battle" : "already waiting for an opponent"));
            return false;
        }
        Optional<Seats.Seat> seat = seats.take();
        if (seat.isEmpty()) {
            player.refuse(seats.refusal());
            return false;
        }
        player.seated(seat.get());
        return true;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        // A player who does not read stops being read: its answers cannot pile up without end.
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        // Leaving gives the seat back at once; the battle itself waits out the forfeit grace.
        player.releaseSeat();
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            log.debug("closing idle connection from {}", ctx.channel().remoteAddress());
            player.refuse("idle timeout");
        } else if (event == LineDeadlineHandler.LINE_TIMEOUT) {
            log.debug("closing connection from {}: line left unfinished", ctx.channel().remoteAddress());
            player.refuse("line timeout");
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            // The decoder skips to the next line end: a player mid-battle keeps its connection and its fighter.
            log.debug("over-long line from {}", ctx.channel().remoteAddress());
            player.send(new Event.Err("line too long"));
            return;
        }
        log.debug("closing connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
