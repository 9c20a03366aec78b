package gamegrid.chatserver;

import gamegrid.protocol.chat.ChatCommand;
import gamegrid.protocol.chat.ChatEvent;
import io.netty.channel.ChannelHandlerContext;

/**
 * A logged-in player's connection: passes commands to the hub, after a per-connection flood limit; tells
 * the hub when the connection goes, and cuts the player off when its unsent output passes the high-water mark.
 */
final class PlayerHandler extends HubOrderedHandler {
    private final ChatServices services;
    private final Session session;
    private TokenBucket commands;

    PlayerHandler(ChatServices services, Session session) {
        super(services.hub());
        this.services = services;
        this.session = session;
    }

    @Override
    protected void handle(ChannelHandlerContext ctx, ChatCommand command) {
        if (command instanceof ChatCommand.Ping) {
            answer(ctx, new ChatEvent.Ok("ping"));
            return;
        }
        long now = System.nanoTime();
        if (commands == null) {
            commands = new TokenBucket(services.settings().rates().commands(), now);
        }
        if (commands.tryTake(now) > 0) {
            answer(ctx, new ChatEvent.Err("too many commands: slow down"));
            return;
        }
        if (command instanceof ChatCommand.Login) {
            answer(ctx, new ChatEvent.Err("already logged in as " + session.name));
            return;
        }
        hub.execute(() -> hub.command(session, command));
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        // A player is not paused but cut off: messages for it keep coming whether it reads or not.
        if (!ctx.channel().isWritable()) {
            session.cutOff("too slow: more than " + ctx.channel().config().getWriteBufferHighWaterMark() + " bytes unread");
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        hub.execute(() -> hub.logout(session));
        super.channelInactive(ctx);
    }
}
