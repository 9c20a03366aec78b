package gamegrid.chatserver;

import gamegrid.protocol.chat.ChatEvent;
import io.netty.channel.ChannelHandlerContext;

/**
 * A connection whose commands are answered from the hub: its own answers (bad lines, pings, refusals) and
 * its close go through the hub too, so every answer comes in the order of the commands.
 */
abstract class HubOrderedHandler extends ConnectionHandler {
    protected final ChatHub hub;

    HubOrderedHandler(ChatHub hub) {
        this.hub = hub;
    }

    @Override
    protected void answer(ChannelHandlerContext ctx, ChatEvent event) {
        hub.execute(() -> ctx.writeAndFlush(event, ctx.voidPromise()));
    }

    @Override
    protected void quit(ChannelHandlerContext ctx) {
        hub.execute(ctx::close);
    }
}
