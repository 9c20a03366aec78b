package gamegrid.chatserver;

import gamegrid.protocol.chat.ChatCommand;
import gamegrid.protocol.chat.ChatEvent;
import io.netty.channel.ChannelHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A map server's presence link (after {@code presence|PROOF}): {@code enter}, {@code exit} and
 * {@code reset} update the hub's presence, unanswered (a map server sends many); only errors are answered.
 * When the link goes, so does everything it said.
 */
final class PresenceHandler extends ConnectionHandler {
    private static final Logger log = LoggerFactory.getLogger(PresenceHandler.class);

    private final ChatHub hub;
    private final int link;

    PresenceHandler(ChatHub hub, int link) {
        this.hub = hub;
        this.link = link;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        log.info("presence link {} from {}", link, ctx.channel().remoteAddress());
    }

    @Override
    protected void handle(ChannelHandlerContext ctx, ChatCommand command) {
        if (command instanceof ChatCommand.Enter enter) {
            hub.execute(() -> hub.enter(link, enter.name(), enter.map()));
        } else if (command instanceof ChatCommand.Exit exit) {
            hub.execute(() -> hub.exit(link, exit.name(), exit.map()));
        } else if (command instanceof ChatCommand.Reset) {
            hub.execute(() -> hub.dropLink(link));
        } else if (command instanceof ChatCommand.Ping) {
            answer(ctx, new ChatEvent.Ok("ping"));
        } else {
            answer(ctx, new ChatEvent.Err("not for presence links: use enter, exit, reset"));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        hub.execute(() -> log.info("presence link {} closed; forgot {} players", link, hub.dropLink(link)));
        super.channelInactive(ctx);
    }
}
