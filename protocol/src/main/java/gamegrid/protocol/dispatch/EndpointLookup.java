package gamegrid.protocol.dispatch;

import gamegrid.protocol.LineFraming;
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
 * Asks the dispatcher where to go as a game client does: one short connection, one {@link Request.Get}
 * ({@code get}, {@code get|SEATS}, {@code map|MAPID}, {@code chat}), one {@code HOST:PORT} or {@code ERR reason}.
 */
public final class EndpointLookup {
    private static final int MAX_LINE_LENGTH = 1024;
    private static final long MAX_CONNECT_MILLIS = 5_000;

    private EndpointLookup() {
    }

    /**
     * Completes with the address the dispatcher answers, or fails with an {@link IOException} saying why.
     *
     * @param timeout how long to wait for the answer, which may include starting a server
     */
    public static CompletableFuture<InetSocketAddress> ask(EventLoopGroup group, InetSocketAddress dispatcher, Request.Get request,
                                                           Duration timeout) {
        CompletableFuture<InetSocketAddress> found = new CompletableFuture<>();
        new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, Math.min(timeout.toMillis(), MAX_CONNECT_MILLIS)))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new ReadTimeoutHandler(timeout.toMillis(), TimeUnit.MILLISECONDS));
                        LineFraming.addTo(ch.pipeline(), MAX_LINE_LENGTH);
                        ch.pipeline().addLast(new ReplyDecoder(), RequestEncoder.INSTANCE, new Lookup(request, found));
                    }
                })
                .connect(dispatcher).addListener(f -> {
                    if (!f.isSuccess()) {
                        found.completeExceptionally(new IOException("cannot reach dispatcher " + dispatcher + ": "
                                + f.cause().getMessage(), f.cause()));
                    }
                });
        return found;
    }

    /** Asks once, takes the first reply, closes. */
    private static final class Lookup extends SimpleChannelInboundHandler<Reply> {
        private final Request.Get request;
        private final CompletableFuture<InetSocketAddress> found;

        Lookup(Request.Get request, CompletableFuture<InetSocketAddress> found) {
            this.request = request;
            this.found = found;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            ctx.writeAndFlush(request);
            super.channelActive(ctx);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Reply reply) {
            if (reply instanceof Reply.Endpoint endpoint) {
                found.complete(InetSocketAddress.createUnresolved(endpoint.host(), endpoint.port()));
            } else if (reply instanceof Reply.Err err) {
                found.completeExceptionally(new IOException("dispatcher: ERR " + err.reason()));
            } else {
                found.completeExceptionally(new IOException("dispatcher answered " + request + " with " + reply));
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
