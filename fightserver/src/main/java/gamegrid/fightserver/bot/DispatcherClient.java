package gamegrid.fightserver.bot;

import gamegrid.protocol.Fields;
import gamegrid.protocol.dispatch.Reply;
import gamegrid.protocol.dispatch.ReplyDecoder;
import gamegrid.protocol.dispatch.Request;
import gamegrid.protocol.dispatch.RequestEncoder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Asks the dispatcher where to play the way a game client does: one {@code get} (or {@code map|MAPID}), one {@code HOST:PORT}.
 * A PvP pair asks for its two seats at once ({@code get|2}), so both land on the same server and both are counted.
 */
final class DispatcherClient {
    private DispatcherClient() {
    }

    static CompletableFuture<InetSocketAddress> locate(EventLoopGroup group, InetSocketAddress dispatcher, int seats,
                                                     Duration timeout) {
        return ask(group, dispatcher, new Request.Get(seats), timeout);
    }

    /** Asks the dispatcher {@code map|MAPID} for a map server of that map, as a world client does. */
    static CompletableFuture<InetSocketAddress> locateMap(EventLoopGroup group, InetSocketAddress dispatcher, String map,
                                                        Duration timeout) {
        return ask(group, dispatcher, "map" + Fields.SEPARATOR + map, timeout); // a line of its own: no Request of it yet
    }

    /** Sends one request ({@link Request} or a raw line) and completes with the {@code HOST:PORT} answer. */
    private static CompletableFuture<InetSocketAddress> ask(EventLoopGroup group, InetSocketAddress dispatcher, Object request,
                                                           Duration timeout) {
        CompletableFuture<InetSocketAddress> found = new CompletableFuture<>();
        BotConnections.open(group, dispatcher, timeout,
                new ReadTimeoutHandler(timeout.toMillis(), TimeUnit.MILLISECONDS),
                new ReplyDecoder(), RequestEncoder.INSTANCE, new LookupHandler(request, found))
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        found.completeExceptionally(new IOException("cannot reach dispatcher " + dispatcher, f.cause()));
                    }
                });
        return found;
    }

    private static final class LookupHandler extends SimpleChannelInboundHandler<Reply> {
        private final Object request;
        private final CompletableFuture<InetSocketAddress> found;

        LookupHandler(Object request, CompletableFuture<InetSocketAddress> found) {
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
                found.completeExceptionally(new IOException("dispatcher refused: " + err.reason()));
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
