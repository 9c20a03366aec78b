package gamegrid.protocol.chat;

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
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A map server's link to the chat server, which learns from it who is on which map (see
 * {@code protocol/CHAT.md}, "Presence link"). Call {@link #enter} when a player arrives on a map this server
 * hosts and {@link #exit} when it leaves (or disconnects); both are cheap, thread-safe and never block.
 *
 * <p>The link keeps the full current presence of its server, so it can reconnect at any time and say it all
 * again: nothing is lost while the chat server is down or restarting. Updates wait in a bounded queue; if it
 * overflows (the chat server stalls), the queue is dropped and the full presence is sent again instead.
 */
public final class PresenceLink {
    private static final Logger log = LoggerFactory.getLogger(PresenceLink.class);
    /** Updates waiting to be sent; past this the link resends its whole presence instead. */
    public static final int QUEUE_CAPACITY = 8192;
    private static final int MAX_LINE_LENGTH = 4096;
    private static final long PING_SECONDS = 10;
    private static final long FIRST_RETRY_MS = 100;
    private static final long LAST_RETRY_MS = 2000;

    private final String chatHost;
    private final int chatPort;
    private final ServerProof proof;
    private final EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("presence-link"));
    /** Player name to map id: what this server says is true now. Written by callers, read by the link's loop. */
    private final Map<String, String> present = new ConcurrentHashMap<>();
    private final ArrayBlockingQueue<ChatCommand> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile boolean overflowed;

    // Owned by the link's event loop.
    private Channel channel;
    private volatile boolean accepted;
    private boolean stopping;
    private long retryMs = FIRST_RETRY_MS;

    /** @param worldSecret the world's secret ({@code GAMEGRID_WORLD_SECRET}), which the chat server checks */
    public PresenceLink(String chatHost, int chatPort, String worldSecret) {
        this.chatHost = chatHost;
        this.chatPort = chatPort;
        this.proof = new ServerProof(worldSecret);
    }

    /** Starts connecting (and reconnecting whenever the link drops). */
    public void start() {
        group.execute(this::connect);
    }

    /** {@code name} is now on {@code map} (leaving any map it was on before, as far as this server knows). */
    public void enter(String name, String map) {
        ChatCommand update = new ChatCommand.Enter(name, map);
        present.put(name, map);
        submit(update);
    }

    /** {@code name} left {@code map}; nothing happens if this server has it on another map by now. */
    public void exit(String name, String map) {
        ChatCommand update = new ChatCommand.Exit(name, map);
        if (present.remove(name, map)) {
            submit(update);
        }
    }

    /** Whether the chat server has accepted this link and hears its updates now. */
    public boolean connected() {
        return accepted;
    }

    private void submit(ChatCommand update) {
        // The presence map was updated first, so a resend after an overflow already holds this update.
        if (!queue.offer(update)) {
            overflowed = true;
        }
        if (drainScheduled.compareAndSet(false, true)) {
            group.execute(this::drain);
        }
    }

    private void drain() {
        drainScheduled.set(false);
        if (channel == null || !accepted) {
            queue.clear(); // the full presence goes out when the link is (re)accepted
            return;
        }
        if (overflowed) {
            overflowed = false;
            queue.clear();
            channel.write(new ChatCommand.Reset());
            sendAll();
        }
        ChatCommand update;
        while (channel.isWritable() && (update = queue.poll()) != null) {
            channel.write(update);
        }
        channel.flush();
    }

    private void sendAll() {
        queue.clear();
        present.forEach((name, map) -> channel.write(new ChatCommand.Enter(name, map)));
    }

    private void connect() {
        if (stopping) {
            return;
        }
        new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new IdleStateHandler(0, PING_SECONDS, 0, TimeUnit.SECONDS),
                                new LineBasedFrameDecoder(MAX_LINE_LENGTH), ChatClientCodec.INSTANCE, new LinkHandler());
                    }
                })
                .connect(chatHost, chatPort).addListener((ChannelFuture f) -> {
                    if (!f.isSuccess()) {
                        log.debug("chat server {}:{} unreachable: {}", chatHost, chatPort, f.cause().toString());
                        scheduleReconnect();
                        return;
                    }
                    channel = f.channel();
                    channel.writeAndFlush(new ChatCommand.PresenceLogin(proof.mint(ServerProof.PRESENCE, Instant.now())));
                    channel.closeFuture().addListener(closed -> {
                        channel = null;
                        accepted = false;
                        if (!stopping) {
                            log.warn("lost the chat server at {}:{}, reconnecting", chatHost, chatPort);
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

    /** Closes the link and stops reconnecting. Idempotent. */
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

    /** Reads the chat server's answers: the verdict on the proof, then only pongs. */
    private final class LinkHandler extends SimpleChannelInboundHandler<ChatEvent> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ChatEvent event) {
            if (event instanceof ChatEvent.Err err) {
                log.error("chat server refused the presence link: {}", err.reason());
                ctx.close();
            } else if (!accepted && event instanceof ChatEvent.Ok ok && ok.verb().equals(ServerProof.PRESENCE)) {
                accepted = true;
                retryMs = FIRST_RETRY_MS;
                log.info("presence link accepted by chat server {}:{} players={}", chatHost, chatPort, present.size());
                overflowed = false;
                sendAll();
                drain();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
            if (ctx.channel().isWritable() && !queue.isEmpty()) {
                drain();
            }
            super.channelWritabilityChanged(ctx);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof IdleStateEvent && accepted) {
                ctx.writeAndFlush(new ChatCommand.Ping());
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.warn("presence link failed: {}", cause.toString());
            ctx.close();
        }
    }
}
