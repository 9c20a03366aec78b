package gamegrid.fightserver;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import gamegrid.protocol.map.store.MemcacheClient;
import gamegrid.protocol.ticket.TicketAuthority;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A battle server: players connect, take a seat, and fight turn-based battles (see {@code protocol/BATTLE.md}).
 * Lifecycle: {@link #start()} returns once listening; {@link #drain()} lets battles finish while refusing
 * new players; {@link #stop()} is idempotent and bounded in time.
 */
public final class BattleServer {
    private static final Logger log = LoggerFactory.getLogger(BattleServer.class);
    /** Lets the tasks that closing connections post to other loops (a battle hearing its player left) still run. */
    private static final long QUIET_PERIOD_MS = 100;
    private static final long SHUTDOWN_TIMEOUT_MS = 2_000;
    private static final long AWAIT_MS = 5_000;
    /** A memcached request for a map battle unanswered this long fails (the map server then abandons the battle). */
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(2);

    private final BattleConfig config;
    private final Seats seats;
    private final RoundTimings roundTimings = new RoundTimings();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final ChannelGroup channels = new DefaultChannelGroup("battle-connections", GlobalEventExecutor.INSTANCE);
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Channel serverChannel;
    private volatile Lobby lobby;
    private final InetSocketAddress memcached;
    private final TicketAuthority tickets;
    private MemcacheClient store;

    public BattleServer(BattleConfig config, SeatListener listener) {
        this(config, listener, null, null);
    }

    /**
     * @param memcached where battles from maps are recorded ({@code pve|TICKET|BATTLE}); null serves none
     * @param tickets   checks the tickets of players coming from maps
     */
    public BattleServer(BattleConfig config, SeatListener listener, InetSocketAddress memcached, TicketAuthority tickets) {
        if ((memcached == null) != (tickets == null)) {
            throw new IllegalArgumentException("battles from maps need both memcached and the world's secret");
        }
        this.config = config;
        this.seats = new Seats(config.maxPlayers(), listener);
        this.memcached = memcached;
        this.tickets = tickets;
    }

    /** Binds {@code host:port} and returns once players can connect; if binding fails, throws and leaves nothing running. */
    public void start() throws InterruptedException {
        bossGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("battle-accept"));
        workerGroup = new NioEventLoopGroup(Runtime.getRuntime().availableProcessors(), new DefaultThreadFactory("battle-io"));
        long seed = config.seed() != 0 ? config.seed() : ThreadLocalRandom.current().nextLong();
        MapBattles mapBattles = null;
        if (memcached != null) {
            store = new MemcacheClient(workerGroup.next(), memcached, STORE_TIMEOUT);
            mapBattles = new MapBattles(tickets, store, Clock.systemUTC());
        }
        Arena arena = new Arena(config, seed, roundTimings, mapBattles);
        lobby = new Lobby(workerGroup.next(), arena);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new BattleServerInitializer(config, seats, arena, lobby, channels));
        try {
            serverChannel = bootstrap.bind(config.host(), config.port()).sync().channel();
        } catch (Exception e) {
            shutdownEventLoops();
            throw e;
        }
        log.info("battle server listening on {}:{} maxPlayers={} turnTimeout={}ms forfeitGrace={}ms idleTimeout={}ms seed={}",
                config.host(), port(), config.maxPlayers(), config.turnTimeout().toMillis(),
                config.forfeitGrace().toMillis(), config.idleTimeout().toMillis(), seed);
    }

    /** The port the server listens on (useful when configured as 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Seats currently taken: players waiting for an opponent or fighting. */
    public int players() {
        return seats.taken();
    }

    /**
     * Refuses new players with {@code ERR draining}, sends players still waiting for an opponent away, and
     * lets running battles finish; the future completes once no player holds a seat. Idempotent.
     */
    public CompletableFuture<Void> drain() {
        CompletableFuture<Void> drained = seats.drain();
        if (draining.compareAndSet(false, true)) {
            log.info("battle server draining players={}", players());
            Lobby current = lobby;
            if (current != null) {
                current.drain();
            }
        }
        return drained;
    }

    /** Stops accepting, closes every connection, and shuts the event loops down, within a few seconds. */
    public void stop() {
        if (!stopped.compareAndSet(false, true) || serverChannel == null) {
            return;
        }
        log.info("battle server stopping port={} players={}", port(), players());
        serverChannel.close().awaitUninterruptibly(AWAIT_MS);
        // Connections close before the loops go, so every battle and seat hears that its player left.
        channels.close().awaitUninterruptibly(AWAIT_MS);
        if (store != null) {
            store.close();
        }
        shutdownEventLoops();
        log.info("battle server stopped; round resolution {}", roundTimings.summary());
    }

    private void shutdownEventLoops() {
        workerGroup.shutdownGracefully(QUIET_PERIOD_MS, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS).awaitUninterruptibly(AWAIT_MS);
        bossGroup.shutdownGracefully(QUIET_PERIOD_MS, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS).awaitUninterruptibly(AWAIT_MS);
    }
}
