package gamegrid.dispatcher;

import gamegrid.dispatcher.fleet.ControlLink;
import gamegrid.protocol.dispatch.Reply;
import io.netty.channel.Channel;

/** A battle server's registered connection, as the fleet sees it. */
final class ChannelControlLink implements ControlLink {
    private final Channel channel;

    ChannelControlLink(Channel channel) {
        this.channel = channel;
    }

    @Override
    public void drain() {
        channel.writeAndFlush(new Reply.Drain());
    }

    @Override
    public boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public void allocate() {
        channel.writeAndFlush(new Reply.Allocate());
    }

    @Override
    public void close() {
        channel.close();
    }
}
