package gamegrid.protocol.metrics;

import gamegrid.protocol.config.Settings;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A map or chat server's own {@code GET /metrics} (Prometheus text format), on the server's host and on its game
 * port plus {@code metrics-port-offset}: small limits everywhere, since a scrape is one short request.
 * One thread of its own, so that a scrape never takes time from players. Lifecycle: {@link #start} returns once
 * bound; {@link #stop} is bounded.
 */
public final class MetricsServer {
    private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
    static final int MAX_LINE = 1024;
    static final int MAX_HEADERS = 8192;
    static final int MAX_BODY = 1024;
    static final int READ_TIMEOUT_SECONDS = 30;

    private final EventLoopGroup group;
    private final Channel serverChannel;

    private MetricsServer(EventLoopGroup group, Channel serverChannel) {
        this.group = group;
        this.serverChannel = serverChannel;
    }

    /**
     * Reads {@code metrics-port-offset} (0, the default: no metrics port) and checks it against the game port:
     * the metrics port, 0 for any free one when the game port is 0 too, or -1 for none.
     */
    public static int port(Settings s, int gamePort) {
        int offset = s.integer("metrics-port-offset", 0, -65_535, 65_535);
        if (offset == 0) {
            return -1;
        }
        if (gamePort == 0) {
            return 0;
        }
        int port = gamePort + offset;
        if (port < 1 || port > 65_535) {
            s.error("metrics-port-offset=" + offset + ": port " + gamePort + " + " + offset + " is not a port");
        }
        return port;
    }

    /**
     * Serves {@code registry} on {@code host:port} (0: any free port); null, with a warning, when the port cannot be
     * bound: players matter more than a scrape, so a busy metrics port does not stop the server.
     */
    public static MetricsServer startOrWarn(String host, int port, PrometheusRegistry registry) throws InterruptedException {
        try {
            return start(host, port, registry);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            log.warn("no metrics port: cannot listen on {}:{}: {}", host, port, e.toString());
            return null;
        }
    }

    private static MetricsServer start(String host, int port, PrometheusRegistry registry) throws InterruptedException {
        MetricsHandler handler = new MetricsHandler(registry);
        EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("metrics"));
        Channel channel;
        try {
            channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new ReadTimeoutHandler(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS),
                                    new HttpServerCodec(MAX_LINE, MAX_HEADERS, MAX_BODY), new HttpObjectAggregator(MAX_BODY), handler);
                        }
                    })
                    .bind(host, port).sync().channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        MetricsServer server = new MetricsServer(group, channel);
        log.info("metrics at http://{}:{}/metrics", host, server.port());
        return server;
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Stops listening and closes open scrapes. */
    public void stop() {
        serverChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
