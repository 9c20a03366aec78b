package gamegrid.fightserver;

import gamegrid.protocol.LineFraming;
import gamegrid.protocol.dispatch.Reply;
import gamegrid.protocol.dispatch.ReplyDecoder;
import gamegrid.protocol.dispatch.Request;
import gamegrid.protocol.dispatch.RequestEncoder;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A battle server's persistent control connection to the dispatcher. It registers with the dispatcher's
 * secret and its current load, reports every seat as {@code add|PORT} / {@code del|PORT}, heart-beats
 * when otherwise quiet, obeys {@code DRAIN}, and reconnects when the dispatcher goes away, announcing its
 * true load again so that nothing reported while disconnected is lost.
 *
 * <p>The load it reports is counted on its own event loop, in the same order as the reports are sent.
 */
public final class DispatcherLink implements SeatListener {
    private static final Logger log = LoggerFactory.getLogger(DispatcherLink.class);
    private static final int MAX_LINE_LENGTH = 4096;
    private static final long FIRST_RETRY_MS = 100;
    private static final long LAST_RETRY_MS = 1000;

    private final String dispatcherHost;
    private final int dispatcherPort;
    private final int port;
    private final String secret;
    private final Duration heartbeatInterval;
    private final Runnable onDrain;
    private final EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("dispatcher-link"));
    private final CompletableFuture<Void> firstRegistration = new CompletableFuture<>();
    private final AtomicBoolean stopped = new AtomicBoolean();

    // Owned by the link's event loop.
    private int load;
    private Channel channel;
    private boolean registerSent;
    private boolean stopping;
    private long retryMs = FIRST_RETRY_MS;

    /**
     * @param port    the port this battle server listens on, which identifies it to the dispatcher
     * @param onDrain run once when the dispatcher asks this server to drain
     */
    public DispatcherLink(String dispatcherHost, int dispatcherPort, int port, String secret,
                          Duration heartbeatInterval, Runnable onDrain) {
        this.dispatcherHost = dispatcherHost;
        this.dispatcherPort = dispatcherPort;
        this.port = port;
        this.secret = secret;
        this.heartbeatInterval = heartbeatInterval;
        this.onDrain = onDrain;
    }

    /** Starts connecting; the returned future completes when the dispatcher first accepts the registration. */
    public CompletableFuture<Void> start() {
        group.execute(this::connect);
        return firstRegistration;
    }

    @Override
    public void seatTaken() {
        group.execute(() -> {
            load++;
            report(new Request.Add(port));
        });
    }

    @Override
    public void seatReleased() {
        group.execute(() -> {
            load--;
            report(new Request.Del(port));
        });
    }

    private void report(Request request) {
        // Before registration the load is only counted: the registration will carry it.
        if (registerSent && channel != null && channel.isActive()) {
            channel.writeAndFlush(request);
        }
    }

    private void connect() {
        if (stopping) {
            return;
        }
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new IdleStateHandler(0, heartbeatInterval.toMillis(), 0, TimeUnit.MILLISECONDS));
                        LineFraming.addTo(ch.pipeline(), MAX_LINE_LENGTH);
                        ch.pipeline().addLast(new ReplyDecoder(), RequestEncoder.INSTANCE, new LinkHandler());
                    }
                });
        bootstrap.connect(dispatcherHost, dispatcherPort).addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                log.debug("dispatcher {}:{} unreachable: {}", dispatcherHost, dispatcherPort, f.cause().toString());
                scheduleReconnect();
                return;
            }
            channel = f.channel();
            registerSent = true;
            channel.writeAndFlush(new Request.Register(port, secret, load, ProcessHandle.current().pid()));
            channel.closeFuture().addListener(closed -> {
                registerSent = false;
                channel = null;
                if (!stopping) {
                    log.warn("lost the dispatcher at {}:{}, reconnecting", dispatcherHost, dispatcherPort);
                    scheduleReconnect();
                }
            });
        });
    }

    private void scheduleReconnect() {
        if (!stopping) {
            group.schedule(this::connect, retryMs, TimeUnit.MILLISECONDS);
            retryMs = Math.min(retryMs * 2, LAST_RETRY_MS);
        }
    }

    /** Closes the connection and stops reconnecting; reports already queued are sent first. Idempotent. */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        group.execute(() -> {
            stopping = true;
            if (channel != null) {
                channel.close();
            }
        });
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Reads the dispatcher's replies: the registration verdict, report errors, and {@code DRAIN}. */
    private final class LinkHandler extends SimpleChannelInboundHandler<Reply> {
        private boolean registered;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Reply reply) {
            if (reply instanceof Reply.Drain) {
                log.info("dispatcher asks this battle server to drain port={}", port);
                onDrain.run();
            } else if (!registered) {
                registrationAnswered(ctx, reply);
            } else if (reply instanceof Reply.Err err) {
                log.warn("dispatcher refused a report port={}: {}", port, err.reason());
            }
        }

        private void registrationAnswered(ChannelHandlerContext ctx, Reply reply) {
            if (reply instanceof Reply.Err err) {
                log.error("dispatcher refused registration port={} load={}: {}", port, load, err.reason());
                ctx.close();
                return;
            }
            registered = true;
            retryMs = FIRST_RETRY_MS;
            log.info("registered with dispatcher {}:{} port={} load={}", dispatcherHost, dispatcherPort, port, load);
            firstRegistration.complete(null);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof IdleStateEvent && registered) {
                ctx.writeAndFlush(new Request.Ping());
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.warn("dispatcher link failed: {}", cause.toString());
            ctx.close();
        }
    }
}
