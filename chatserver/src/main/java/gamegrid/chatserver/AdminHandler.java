package gamegrid.chatserver;

import gamegrid.protocol.chat.ChatCommand;
import gamegrid.protocol.chat.ChatEvent;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An operator's session (after {@code admin|PROOF}): announcements and mutes, answered from the hub. */
final class AdminHandler extends HubOrderedHandler {
    private static final Logger log = LoggerFactory.getLogger(AdminHandler.class);

    AdminHandler(ChatHub hub) {
        super(hub);
    }

    @Override
    protected void handle(ChannelHandlerContext ctx, ChatCommand command) {
        if (command instanceof ChatCommand.Announce announce) {
            log.info("announcement from {}: {}", ctx.channel().remoteAddress(), announce.text());
            onHub(ctx.channel(), () -> hub.announce(announce.text()));
        } else if (command instanceof ChatCommand.Mute mute) {
            log.info("mute player={} for={}s by {}", mute.name(), mute.duration().toSeconds(), ctx.channel().remoteAddress());
            onHub(ctx.channel(), () -> hub.mute(mute.name(), mute.duration()));
        } else if (command instanceof ChatCommand.Unmute unmute) {
            onHub(ctx.channel(), () -> hub.unmute(unmute.name()));
        } else if (command instanceof ChatCommand.Who who) {
            onHub(ctx.channel(), () -> hub.who(who.name()));
        } else if (command instanceof ChatCommand.Ping) {
            answer(ctx, new ChatEvent.Ok("ping"));
        } else {
            answer(ctx, new ChatEvent.Err("not for operators: use announce, mute, unmute, who"));
        }
    }

    private void onHub(Channel channel, Supplier<ChatEvent> action) {
        hub.execute(() -> channel.writeAndFlush(action.get(), channel.voidPromise()));
    }
}
