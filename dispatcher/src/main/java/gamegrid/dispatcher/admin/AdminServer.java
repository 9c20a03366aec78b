package gamegrid.dispatcher.admin;

import gamegrid.dispatcher.fleet.Fleet;
import gamegrid.dispatcher.fleet.LaunchConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher's admin HTTP port: {@code /metrics}, the status page and operator actions (protocol/ADMIN.md).
 * One event loop of its own, so that a scrape or a slow browser never takes time from players' requests.
 * Lifecycle: {@link #start()} returns once bound; {@link #stop()} is idempotent and bounded.
 */
public final class AdminServer {
    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

    private final AdminConfig config;
    private final AdminContext admin;
    private EventLoopGroup group;
    private Channel serverChannel;

    /**
     * @param metrics     the dispatcher's metrics; with the status page's event ring, subscribed to the fleet here
     * @param worldSecret the operator's secret for actions that change the world
     */
    public AdminServer(AdminConfig config, Fleet fleet, DispatcherMetrics metrics, String worldSecret, LaunchConfig launch) {
        this.config = config;
        this.admin = AdminContext.of(fleet, metrics, worldSecret, launch);
    }

    public void start() throws InterruptedException {
        group = new NioEventLoopGroup(1, new DefaultThreadFactory("dispatcher-admin"));
        try {
            serverChannel = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new AdminServerInitializer(admin))
                    .bind(config.host(), config.port()).sync().channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        log.info("admin listening on http://{}:{}/ (metrics at /metrics)", config.host(), port());
    }

    /** The port the admin server listens on (useful when configured as 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public void stop() {
        if (group == null || group.isShuttingDown()) {
            return;
        }
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
