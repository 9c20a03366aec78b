package gamegrid.bench;

import gamegrid.protocol.ServerTransport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The floor the dispatcher is measured against: the smallest Netty server that speaks the same
 * connection modes and answers every {@code get} with a fixed {@code 127.0.0.1:7000}, and does nothing
 * else. Same transport, thread counts and socket options as {@code DispatcherServer}; only loopback.
 *
 * <p>{@code --port=0 --max-lifetime=15m}: prints {@code READY floor 127.0.0.1:PORT pid=PID}, then serves
 * until SIGTERM or the lifetime is up.
 */
public final class FloorServer {
    private static final ByteBuf ENDPOINT = constant("127.0.0.1:7000\n");
    private static final ByteBuf SESSION_OK = constant("OK session\n");
    private static final ByteBuf UNKNOWN = constant("ERR unknown command\n");
    private static final ByteBuf GET = constant("get");
    private static final ByteBuf SESSION = constant("session");

    private FloorServer() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        int port = options.integer("port", 0);
        Duration lifetime = options.duration("max-lifetime", Duration.ofMinutes(15));
        options.rejectUnread();

        ServerTransport transport = ServerTransport.best();
        EventLoopGroup loops = transport.newGroup(Runtime.getRuntime().availableProcessors(), "floor-io");
        Channel server = new ServerBootstrap()
                .group(loops)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(initializer())
                .bind("127.0.0.1", port).sync().channel();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }, "floor-shutdown"));
        System.out.println("READY floor 127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort()
                + " pid=" + ProcessHandle.current().pid() + " transport=" + transport);
        // Bounded even if nobody stops it.
        server.closeFuture().await(lifetime.toMillis());
        System.exit(0);
    }

    /** The floor's whole pipeline: stock line framing and one handler. */
    static ChannelInitializer<Channel> initializer() {
        return new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new LineBasedFrameDecoder(256, true, true), new FloorHandler());
            }
        };
    }

    /** One-shot by default: the first line is answered and the connection closed; {@code session} keeps it open. */
    private static final class FloorHandler extends ChannelInboundHandlerAdapter {
        private boolean session;
        private boolean answeredOneShot;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf line = (ByteBuf) msg;
            try {
                if (answeredOneShot) {
                    return;
                }
                if (ByteBufUtil.equals(line, GET)) {
                    reply(ctx, ENDPOINT);
                } else if (!session && ByteBufUtil.equals(line, SESSION)) {
                    session = true;
                    ctx.write(SESSION_OK.duplicate());
                } else {
                    reply(ctx, UNKNOWN);
                }
            } finally {
                line.release();
            }
        }

        private void reply(ChannelHandlerContext ctx, ByteBuf constant) {
            if (session) {
                ctx.write(constant.duplicate());
            } else {
                answeredOneShot = true;
                ctx.writeAndFlush(constant.duplicate()).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private static ByteBuf constant(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return Unpooled.unreleasableBuffer(Unpooled.directBuffer(bytes.length).writeBytes(bytes).asReadOnly());
    }
}
