package gamegrid.chatserver;

import gamegrid.protocol.ServerTransport;
import gamegrid.protocol.metrics.MetricsServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat server (see {@code protocol/CHAT.md}): one process for the whole world. Lifecycle: {@link #start()}
 * loads the saved state and returns once listening; {@link #drain()} sends players away and refuses new ones;
 * {@link #stop()} saves the state, closes everything, and is idempotent and bounded in time.
 */
public final class ChatServer {
    private static final Logger log = LoggerFactory.getLogger(ChatServer.class);
    private static final long SHUTDOWN_TIMEOUT_MS = 2_000;
    private static final long AWAIT_MS = 5_000;
    private static final long EXPIRY_PERIOD_MS = 60_000;

    private final ChatSettings settings;
    private final String worldSecret;
    private final PlayerListener listener;
    private final Clock clock;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final ChatMetrics metrics = new ChatMetrics();
    private final ChannelGroup channels = new DefaultChannelGroup("chat-connections", GlobalEventExecutor.INSTANCE);
    private final ExecutorService saver = Executors.newSingleThreadExecutor(new DefaultThreadFactory("chat-save", true));
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private ChatStore store;
    private ChatHub hub;
    private Channel serverChannel;
    private MetricsServer metricsServer;

    public ChatServer(ChatSettings settings, String worldSecret, PlayerListener listener) {
        this(settings, worldSecret, listener, Clock.systemUTC());
    }

    ChatServer(ChatSettings settings, String worldSecret, PlayerListener listener, Clock clock) {
        this.settings = settings;
        this.worldSecret = worldSecret;
        this.listener = listener;
        this.clock = clock;
    }

    /** Loads the saved state, binds {@code host:port} and returns once players can connect. */
    public void start() throws IOException, InterruptedException {
        ChatState state = new ChatState(settings.historySize());
        if (settings.stateFile() != null) {
            store = new ChatStore(settings.stateFile());
            if (store.load(state)) {
                log.info("chat state loaded from {}: players={} channels={}", store.file(), state.accounts.size(), state.rooms.size());
            }
        }
        ServerTransport transport = ServerTransport.best();
        bossGroup = transport.newGroup(1, "chat-accept");
        workerGroup = transport.newGroup(Runtime.getRuntime().availableProcessors(), "chat-io");
        List<Outbox> outboxes = new ArrayList<>();
        Map<EventLoop, Integer> loopIndex = new IdentityHashMap<>();
        for (EventExecutor executor : workerGroup) {
            loopIndex.put((EventLoop) executor, outboxes.size());
            outboxes.add(new Outbox((EventLoop) executor));
        }
        // The hub runs on the first I/O loop, as the map server's world does: the players of that loop reach it
        // and hear from it without a hand-over between threads, and a one-core server is one thread, like Redis.
        hub = new ChatHub((EventLoop) workerGroup.iterator().next(), settings, state, outboxes.toArray(Outbox[]::new), listener, metrics, clock,
                System::nanoTime);
        ChatServices services = new ChatServices(hub, settings, worldSecret, clock, loopIndex);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChatServerInitializer(services, channels));
        try {
            serverChannel = bootstrap.bind(settings.host(), settings.port()).sync().channel();
        } catch (Exception e) {
            shutdownEventLoops();
            throw e;
        }
        if (settings.metricsPort() >= 0) {
            metricsServer = MetricsServer.startOrWarn(settings.host(), settings.metricsPort(), metrics.registry());
        }
        if (store != null) {
            hub.loop().scheduleWithFixedDelay(this::saveIfChanged, settings.saveInterval().toMillis(),
                    settings.saveInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
        hub.loop().scheduleWithFixedDelay(hub::expireInboxes, EXPIRY_PERIOD_MS, EXPIRY_PERIOD_MS, TimeUnit.MILLISECONDS);
        log.info("chat server listening on {}:{} transport={} maxPlayers={} stateFile={}", settings.host(), port(), transport, settings.maxPlayers(),
                settings.stateFile() == null ? "none" : settings.stateFile());
    }

    /** On the hub's thread: hands a snapshot to the saver thread when something changed. */
    private void saveIfChanged() {
        if (hub.takeDirty()) {
            String snapshot = ChatStore.snapshot(hub.state(), false);
            saver.execute(() -> write(snapshot));
        }
    }

    private void write(String snapshot) {
        try {
            store.write(snapshot);
        } catch (IOException e) {
            log.error("cannot save chat state to {}: {}", store.file(), e.toString());
        }
    }

    /** The port the server listens on (useful when configured as 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The port of its {@code GET /metrics}, or -1 when it has none. */
    public int metricsPort() {
        return metricsServer == null ? -1 : metricsServer.port();
    }

    /** Refuses new logins and sends every player away with {@code ERR draining}; returns once they are told. Idempotent. */
    public void drain() {
        if (hub != null && !stopped.get()) {
            hub.loop().submit(hub::drain).awaitUninterruptibly(AWAIT_MS);
        }
    }

    /** Stops accepting, closes every connection, saves the state (marked clean), and stops the threads. */
    public void stop() {
        if (!stopped.compareAndSet(false, true) || serverChannel == null) {
            return;
        }
        log.info("chat server stopping port={}", port());
        serverChannel.close().awaitUninterruptibly(AWAIT_MS);
        if (metricsServer != null) {
            metricsServer.stop();
        }
        channels.close().awaitUninterruptibly(AWAIT_MS);
        if (store != null) {
            try {
                String snapshot = hub.loop().submit(() -> ChatStore.snapshot(hub.state(), true)).get(AWAIT_MS, TimeUnit.MILLISECONDS);
                saver.submit(() -> write(snapshot)).get(AWAIT_MS, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                log.error("chat state not saved at stop: {}", e.toString());
            }
        }
        saver.shutdown();
        shutdownEventLoops();
        log.info("chat server stopped");
    }

    private void shutdownEventLoops() {
        for (EventLoopGroup group : new EventLoopGroup[] {bossGroup, workerGroup}) {
            group.shutdownGracefully(0, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        for (EventLoopGroup group : new EventLoopGroup[] {bossGroup, workerGroup}) {
            group.terminationFuture().awaitUninterruptibly(AWAIT_MS);
        }
    }
}
