package gamegrid.mapserver;

import gamegrid.protocol.Fields;
import gamegrid.protocol.LineFraming;
import gamegrid.protocol.ProtocolException;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The dispatcher as map directory: one short connection per lookup, {@code map|MAPID} answered by
 * {@code HOST:PORT} (once a server of that map accepts players) or {@code ERR reason}; likewise {@code chat}.
 */
public final class DispatcherDirectory implements MapDirectory {
    private static final int MAX_LINE_LENGTH = 1024;

    private final EventLoopGroup group;
    private final InetSocketAddress dispatcher;
    private final Duration timeout;

    /** @param timeout how long to wait for the answer, which may include starting a map server */
    public DispatcherDirectory(EventLoopGroup group, InetSocketAddress dispatcher, Duration timeout) {
        this.group = group;
        this.dispatcher = dispatcher;
        this.timeout = timeout;
    }

    @Override
    public CompletableFuture<InetSocketAddress> locate(String map) {
        return ask("map" + Fields.SEPARATOR + map);
    }

    /** The chat server, for the presence link: {@code chat} answered by {@code HOST:PORT}, or why there is none. */
    public CompletableFuture<InetSocketAddress> chat() {
        return ask("chat");
    }

    private CompletableFuture<InetSocketAddress> ask(String request) {
        CompletableFuture<InetSocketAddress> found = new CompletableFuture<>();
        new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeout.toMillis(), 5_000))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new ReadTimeoutHandler(timeout.toMillis(), TimeUnit.MILLISECONDS));
                        LineFraming.addTo(ch.pipeline(), MAX_LINE_LENGTH);
                        ch.pipeline().addLast(new Lookup(request, found));
                    }
                })
                .connect(dispatcher).addListener(f -> {
                    if (!f.isSuccess()) {
                        found.completeExceptionally(new IOException("dispatcher unreachable: " + f.cause().getMessage()));
                    }
                });
        return found;
    }

    /** Asks once, takes the first line, closes. */
    private static final class Lookup extends SimpleChannelInboundHandler<String> {
        private final String request;
        private final CompletableFuture<InetSocketAddress> found;

        Lookup(String request, CompletableFuture<InetSocketAddress> found) {
            this.request = request;
            this.found = found;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            ctx.writeAndFlush(request);
            super.channelActive(ctx);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, String line) {
            try {
                if (line.startsWith("ERR")) {
                    throw new ProtocolException("dispatcher: " + line);
                }
                found.complete(Fields.hostAndPort(line.strip()));
            } catch (ProtocolException e) {
                found.completeExceptionally(new IOException(e.getMessage()));
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            found.completeExceptionally(new IOException("dispatcher closed without an answer"));
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            found.completeExceptionally(cause);
            ctx.close();
        }
    }
}
