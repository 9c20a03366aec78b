package gamegrid.dispatcher;

import gamegrid.dispatcher.admin.AdminServer;
import gamegrid.dispatcher.admin.DispatcherMetrics;
import gamegrid.dispatcher.fleet.Fleet;
import gamegrid.dispatcher.fleet.ProcessLauncher;
import gamegrid.protocol.ServerTransport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher daemon: binds the listening socket, runs the fleet, and shuts both down in order.
 * Lifecycle: {@link #start()} returns once listening; {@link #stop()} is idempotent and bounded in time.
 */
public final class DispatcherServer {
    private static final Logger log = LoggerFactory.getLogger(DispatcherServer.class);
    /** Fired through every connection at shutdown: answer what was asked, then close. */
    static final Object STOPPING = new Object() {
        @Override
        public String toString() {
            return "STOPPING";
        }
    };
    /** How long connections get to answer what they were asked before shutdown closes them anyway. */
    private static final long LAST_ANSWERS_MILLIS = 3_000;

    private final DispatcherConfig config;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final ChannelGroup channels = new DefaultChannelGroup("dispatcher-connections", GlobalEventExecutor.INSTANCE);
    private EventLoopGroup ioGroup;
    private ScheduledExecutorService fleetThread;
    private ExecutorService launchThread;
    private Channel serverChannel;
    private Fleet fleet;
    private AdminServer admin;

    public DispatcherServer(DispatcherConfig config) {
        this.config = config;
    }

    /** Binds, starts the fleet, and returns once clients can connect; says in one line why when it cannot. */
    public void start() throws StartupException {
        String secret;
        try {
            secret = SecretFile.loadOrCreate(config.secretFile());
        } catch (IOException e) {
            throw new StartupException("security.secret-file=" + config.secretFile() + ": " + e.getMessage(), e);
        }
        ServerTransport transport = ServerTransport.best();
        // Connections are accepted on one of the I/O loops rather than a separate acceptor thread: a new
        // connection is registered where it was accepted, without a hand-over (a task, a wake-up and a
        // context switch per connection, on one core the largest cost after the kernel's).
        ioGroup = transport.newGroup(config.ioThreads(), "dispatcher-io");
        fleetThread = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("fleet"));
        launchThread = Executors.newSingleThreadExecutor(new DefaultThreadFactory("fleet-launch"));
        // Servers are told the dispatcher's real port, known only once bound: hence the supplier.
        fleet = new Fleet(config.fleet(),
                new ProcessLauncher(config.launch(), () -> config.controlHost() + ":" + port(), secret),
                launchThread, fleetThread, System::nanoTime, secret, config.advertisedHost());
        DispatcherMetrics metrics = new DispatcherMetrics();
        if (config.admin().enabled()) {
            // Built before the fleet starts, so that its first launches are counted and shown.
            admin = new AdminServer(config.admin(), fleet, metrics, secret, config.launch());
        }
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(ioGroup)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(ClientLimits.PAUSE_AT_UNSENT_BYTES / 2, ClientLimits.PAUSE_AT_UNSENT_BYTES))
                .childHandler(new DispatcherServerInitializer(
                        config, fleet, new ReportPolicy(config.legacyReportAddresses()), channels, metrics));
        try {
            serverChannel = bootstrap.bind(config.listenHost(), config.listenPort()).sync().channel();
            if (admin != null) {
                admin.start();
            }
        } catch (Exception e) {
            if (serverChannel != null) {
                serverChannel.close().awaitUninterruptibly();
            }
            shutdownExecutors();
            throw new StartupException(bindProblem(e), e);
        }
        fleetThread.scheduleAtFixedRate(fleet::tick, Fleet.TICK.toMillis(), Fleet.TICK.toMillis(), TimeUnit.MILLISECONDS);
        fleet.start();
        log.info("dispatcher listening on {}:{} transport={} ioThreads={} advertised={} kinds={}", config.listenHost(),
                port(), transport, config.ioThreads(), config.advertisedHost(), config.fleet().kinds());
    }

    private String bindProblem(Exception e) {
        String where = "cannot listen on " + config.listenHost() + ":" + config.listenPort() + ": ";
        String message = String.valueOf(e.getMessage());
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return where + "interrupted";
        } else if (message.contains("already in use")) {
            return where + "port " + config.listenPort() + " already in use";
        } else if (message.contains("assign requested address")) {
            return where + config.listenHost() + " is not an address of this machine";
        } else if (message.contains("ermission denied")) {
            return where + "permission denied (ports below 1024 need privileges)";
        }
        return where + message.lines().findFirst().orElse(e.getClass().getSimpleName());
    }

    /**
     * Waits until a request of every kind that keeps servers running can be answered at once: servers of an
     * earlier dispatcher on the roster have come back or their window has closed, and the minimum fleet is up.
     * Says every few seconds what it is still waiting for.
     */
    public void awaitReady() throws InterruptedException {
        while (true) {
            try {
                fleet.ready().get(5, TimeUnit.SECONDS);
                return;
            } catch (TimeoutException e) {
                log.warn("dispatcher not ready yet: {}", fleet.notReadyReason().getNow("(fleet busy)"));
            } catch (ExecutionException e) {
                throw new IllegalStateException("fleet failed", e);
            }
        }
    }

    /** The admin HTTP port (useful when configured as 0); -1 when it is disabled. */
    public int adminPort() {
        return admin == null ? -1 : admin.port();
    }

    /** The port the dispatcher listens on (useful when configured as 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public void stop() {
        stop(config.stopFleetOnExit());
    }

    /**
     * Stops accepting, closes connections, then either leaves the battle servers running for the next
     * dispatcher or drains and stops them; finally shuts the event loops down.
     */
    public void stop(boolean stopFleet) {
        if (!stopped.compareAndSet(false, true) || serverChannel == null) {
            return;
        }
        log.info("dispatcher stopping stopFleet={}", stopFleet);
        serverChannel.close().awaitUninterruptibly();
        if (admin != null) {
            admin.stop();
        }
        var fleetStopped = fleet.stop(stopFleet); // fails every waiting get with "dispatcher is stopping"
        // The fleet's thread handles messages in order: once it answers this question, the stop has run and
        // every DRAIN is queued on its link's event loop ahead of the close below.
        finished(fleet.view(), 5_000);
        channels.forEach(channel -> channel.pipeline().fireUserEventTriggered(STOPPING));
        if (!channels.newCloseFuture().awaitUninterruptibly(LAST_ANSWERS_MILLIS)) {
            channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        // With the fleet: as long as the slowest drain may take. Without: only for launches in flight to report,
        // so that the roster lists every server the next dispatcher should take back.
        long waitMs = stopFleet ? config.fleet().kinds().stream().mapToLong(k -> k.drainTimeout().toMillis()).max().orElse(0)
                : 5_000;
        if (!finished(fleetStopped, waitMs) && stopFleet) {
            log.warn("servers still running after {}ms, killing them", waitMs);
            fleet.killAll();
            if (!finished(fleetStopped, 5_000)) {
                log.error("servers still running 5 s after SIGKILL");
            }
        }
        shutdownExecutors();
        log.info("dispatcher stopped");
    }

    private static boolean finished(CompletableFuture<?> future, long waitMs) {
        try {
            future.get(waitMs, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void shutdownExecutors() {
        fleetThread.shutdownNow();
        launchThread.shutdownNow();
        ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Waits until the listening socket is closed. */
    public void awaitClose() throws InterruptedException {
        serverChannel.closeFuture().sync();
    }
}
