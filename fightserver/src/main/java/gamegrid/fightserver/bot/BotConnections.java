package gamegrid.fightserver.bot;

import gamegrid.protocol.LineFraming;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;

/** Opens the bot's client connections: line-framed, with the given codec and handler last. */
final class BotConnections {
    private static final int MAX_LINE_LENGTH = 4096;
    private static final Duration MAX_CONNECT_TIME = Duration.ofSeconds(5);

    private BotConnections() {
    }

    static ChannelFuture open(EventLoopGroup group, InetSocketAddress address, Duration timeout, ChannelHandler... handlers) {
        long connectMillis = Math.max(1, Math.min(timeout.toMillis(), MAX_CONNECT_TIME.toMillis()));
        return new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectMillis)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        LineFraming.addTo(ch.pipeline(), MAX_LINE_LENGTH);
                        ch.pipeline().addLast(handlers);
                    }
                })
                .connect(address);
    }
}
