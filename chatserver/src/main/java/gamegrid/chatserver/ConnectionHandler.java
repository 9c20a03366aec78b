package gamegrid.chatserver;

import gamegrid.protocol.LineDeadlineHandler;
import gamegrid.protocol.chat.ChatCommand;
import gamegrid.protocol.chat.ChatEvent;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every state of a chat connection does alike: {@code ping}, {@code quit}, bad lines, over-long lines,
 * silence and unfinished lines. Subclasses handle the commands of their state.
 */
abstract class ConnectionHandler extends SimpleChannelInboundHandler<ChatCommand> {
    private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);

    @Override
    protected final void channelRead0(ChannelHandlerContext ctx, ChatCommand command) {
        if (command instanceof ChatCommand.Invalid invalid) {
            log.debug("bad line from {}: {}", ctx.channel().remoteAddress(), invalid.reason());
            answer(ctx, new ChatEvent.Err(invalid.reason()));
        } else if (command instanceof ChatCommand.Quit) {
            quit(ctx);
        } else {
            handle(ctx, command);
        }
    }

    /** One well-formed command; answer it with exactly one OK or ERR. */
    protected abstract void handle(ChannelHandlerContext ctx, ChatCommand command);

    /** Closes the connection once the answers to earlier commands are out. */
    protected void quit(ChannelHandlerContext ctx) {
        ctx.close();
    }

    /** Sends one answer from the connection's own loop. */
    protected void answer(ChannelHandlerContext ctx, ChatEvent event) {
        ctx.writeAndFlush(event, ctx.voidPromise());
    }

    protected static void refuse(ChannelHandlerContext ctx, String reason) {
        ctx.writeAndFlush(new ChatEvent.Err(reason)).addListener(ChannelFutureListener.CLOSE);
    }

    /** A connection that does not read its answers stops being read, so its unsent answers stay bounded. */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            log.debug("closing idle connection from {}", ctx.channel().remoteAddress());
            refuse(ctx, "idle timeout");
        } else if (event == LineDeadlineHandler.LINE_TIMEOUT) {
            log.debug("closing connection from {}: line left unfinished", ctx.channel().remoteAddress());
            refuse(ctx, "line timeout");
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            // The frame decoder skips to the next line end; the connection and its state stay.
            log.debug("over-long line from {}", ctx.channel().remoteAddress());
            answer(ctx, new ChatEvent.Err("line too long"));
            return;
        }
        log.debug("closing connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
