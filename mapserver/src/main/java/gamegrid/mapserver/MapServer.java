package gamegrid.mapserver;

import gamegrid.protocol.map.tiles.MapCatalog;
import gamegrid.protocol.map.store.MemcacheClient;
import gamegrid.protocol.metrics.MetricsServer;
import gamegrid.protocol.ticket.TicketAuthority;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A map server: hosts one or more maps, lets players with valid tickets walk them, and hands them over to
 * other map servers through memcached (see {@code protocol/MAP.md}). Lifecycle: {@link #start()} returns
 * once players can connect; {@link #drain()} refuses new players; {@link #stop()} is idempotent and bounded.
 */
public final class MapServer {
    private static final Logger log = LoggerFactory.getLogger(MapServer.class);
    private static final long QUIET_PERIOD_MS = 100;
    private static final long SHUTDOWN_TIMEOUT_MS = 2_000;
    private static final long AWAIT_MS = 5_000;
    /** A client that leaves this much unread is dropped (see MapServerHandler#channelWritabilityChanged). */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(128 * 1024, 256 * 1024);

    private final MapSettings settings;
    private final MapCatalog catalog;
    private final TicketAuthority tickets;
    private final MapDirectory directory;
    private final PlayerListener listener;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final MapMetrics metrics = new MapMetrics();
    private final ChannelGroup channels = new DefaultChannelGroup("map-connections", GlobalEventExecutor.INSTANCE);
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Channel serverChannel;
    private MemcacheClient store;
    private World world;
    private MetricsServer metricsServer;

    /** @param directory finds the servers of other maps; null: only the maps hosted here (a world in one process) */
    public MapServer(MapSettings settings, MapCatalog catalog, TicketAuthority tickets, MapDirectory directory,
                     PlayerListener listener) {
        for (String map : settings.maps()) {
            if (catalog.get(map) == null) {
                throw new IllegalArgumentException("no map " + map + " in " + settings.mapDir());
            }
        }
        if (catalog.get(settings.startMap()) == null) {
            throw new IllegalArgumentException("no start map " + settings.startMap() + " in " + settings.mapDir());
        }
        this.settings = settings;
        this.catalog = catalog;
        this.tickets = tickets;
        this.directory = directory;
        this.listener = listener;
    }

    /** Binds and returns once players can connect; if binding fails, throws and leaves nothing running. */
    public void start() throws InterruptedException {
        bossGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("map-accept"));
        workerGroup = new NioEventLoopGroup(Runtime.getRuntime().availableProcessors(), new DefaultThreadFactory("map-io"));
        EventLoop worldLoop = workerGroup.next();
        store = new MemcacheClient(worldLoop, settings.memcached(), settings.storeTimeout());
        world = new World(worldLoop, store, settings, catalog, listener, metrics);
        // The listening socket accepts nothing until the world is started, which needs the bound port.
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new MapServerInitializer(settings, world, tickets, channels));
        try {
            serverChannel = bootstrap.bind(settings.host(), settings.port()).sync().channel();
        } catch (Exception e) {
            shutdownEventLoops();
            throw e;
        }
        if (settings.metricsPort() >= 0) {
            metricsServer = MetricsServer.startOrWarn(settings.host(), settings.metricsPort(), metrics.registry());
        }
        String address = settings.host() + ":" + port();
        MapDirectory lookups = directory != null ? directory : new LocalDirectory(settings.maps(),
                InetSocketAddress.createUnresolved(settings.host(), port()));
        world.start(address, lookups);
        serverChannel.config().setAutoRead(true);
        log.info("map server listening on {} maps={} maxPlayers={} viewRadius={} moveInterval={}ms memcached={}",
                address, settings.maps(), settings.maxPlayers(), settings.viewRadius(),
                settings.moveInterval().toMillis(), settings.memcached());
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The port of its {@code GET /metrics}, or -1 when it has none. */
    public int metricsPort() {
        return metricsServer == null ? -1 : metricsServer.port();
    }

    /** Players on this server's maps. */
    public int players() {
        return world == null ? 0 : world.players();
    }

    /** Players on each hosted map. */
    public CompletableFuture<Map<String, Integer>> loads() {
        return world.loads();
    }

    /** Refuses new players; those on the maps stay until they leave, and then the future completes. */
    public CompletableFuture<Void> drain() {
        log.info("map server draining players={}", players());
        return world.drain();
    }

    /** Stops accepting, closes every connection (their unsaved moves are written), and shuts down within seconds. */
    public void stop() {
        if (!stopped.compareAndSet(false, true) || serverChannel == null) {
            return;
        }
        log.info("map server stopping port={} players={}", port(), players());
        serverChannel.close().awaitUninterruptibly(AWAIT_MS);
        if (metricsServer != null) {
            metricsServer.stop();
        }
        channels.close().awaitUninterruptibly(AWAIT_MS);
        store.close();
        shutdownEventLoops();
        log.info("map server stopped");
    }

    private void shutdownEventLoops() {
        workerGroup.shutdownGracefully(QUIET_PERIOD_MS, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS).awaitUninterruptibly(AWAIT_MS);
        bossGroup.shutdownGracefully(QUIET_PERIOD_MS, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS).awaitUninterruptibly(AWAIT_MS);
    }
}
