package gamegrid.protocol.link;

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
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's persistent control connection to the dispatcher, for every kind of server. It registers with
 * its credential and its current load per route, reports every player as {@code add|PORT[|ROUTE]} /
 * {@code del|PORT[|ROUTE]}, heart-beats when otherwise quiet, obeys {@code DRAIN}, and reconnects when the
 * dispatcher goes away, announcing its true load again so that nothing reported while disconnected is lost.
 * It answers {@code ALLOCATE} once its owner has marked itself Allocated.
 * A registration refused as {@code ERR forbidden: ...} is final: the link stops and tells its owner, which
 * should exit rather than retry a dispatcher that will never take it.
 *
 * <p>Loads are counted on the link's own event loop, in the same order as the reports are sent.
 */
public final class DispatcherLink {
    private static final Logger log = LoggerFactory.getLogger(DispatcherLink.class);
    private static final int MAX_LINE_LENGTH = 4096;
    private static final long FIRST_RETRY_MS = 100;
    private static final long LAST_RETRY_MS = 1000;

    /**
     * Who this server is to the dispatcher.
     *
     * @param kind       {@code battle}, {@code map} or {@code chat}
     * @param host       the address players reach this server at; empty for the dispatcher's own host
     * @param port       the port this server listens on
     * @param credential its own launch credential, or the world's secret for a server the dispatcher did not launch
     * @param routes     the maps a map server hosts; empty for kinds with one route
     */
    public record Identity(String kind, String host, int port, String credential, List<String> routes) {
        public Identity {
            routes = List.copyOf(routes);
        }

        /** A server on the dispatcher's own host. */
        public Identity(String kind, int port, String credential, List<String> routes) {
            this(kind, "", port, credential, routes);
        }
    }

    /** What the owning server is told. Called on the link's event loop. */
    public interface Listener {
        /** The dispatcher asks this server to take no new players, finish, and exit. */
        void drain();

        /** The dispatcher refused this server for good; the server should exit. */
        void refused(String reason);

        /**
         * The dispatcher is about to route players to this empty server: mark it Allocated where an
         * orchestrator would otherwise remove an idle server (Agones), and complete once that holds. The link
         * answers {@code allocated|PORT}, or {@code not-allocated|PORT} when the stage fails. Outside an
         * orchestrator there is nothing to mark.
         */
        default CompletionStage<Void> allocate() {
            return CompletableFuture.completedFuture(null);
        }
    }

    private final String dispatcherHost;
    private final int dispatcherPort;
    private final Identity identity;
    private final Duration heartbeatInterval;
    private final Duration orphanTimeout;
    private final Listener listener;
    private final EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("dispatcher-link"));
    private final CompletableFuture<Void> firstRegistration = new CompletableFuture<>();
    private final AtomicBoolean stopped = new AtomicBoolean();

    // Owned by the link's event loop.
    private final Map<String, Integer> loads = new LinkedHashMap<>();
    private Channel channel;
    private boolean registerSent;
    private boolean stopping;
    private long retryMs = FIRST_RETRY_MS;
    /** Since when no dispatcher has this server registered; 0 while one has. */
    private long unregisteredSinceNanos = System.nanoTime();

    /** A link that keeps trying for as long as the server runs. */
    public DispatcherLink(String dispatcherHost, int dispatcherPort, Identity identity, Duration heartbeatInterval,
                          Listener listener) {
        this(dispatcherHost, dispatcherPort, identity, heartbeatInterval, Duration.ZERO, listener);
    }

    /**
     * @param orphanTimeout how long an empty server may go unregistered (no dispatcher, or none that takes it)
     *                      before it gives up and is told {@link Listener#refused}; zero: never
     */
    public DispatcherLink(String dispatcherHost, int dispatcherPort, Identity identity, Duration heartbeatInterval,
                          Duration orphanTimeout, Listener listener) {
        this.dispatcherHost = dispatcherHost;
        this.dispatcherPort = dispatcherPort;
        this.identity = identity;
        this.heartbeatInterval = heartbeatInterval;
        this.orphanTimeout = orphanTimeout;
        this.listener = listener;
        identity.routes().forEach(route -> loads.put(route, 0));
        if (identity.routes().isEmpty()) {
            loads.put("", 0);
        }
    }

    /** Starts connecting; the returned future completes when the dispatcher first accepts the registration. */
    public CompletableFuture<Void> start() {
        group.execute(this::connect);
        if (!orphanTimeout.isZero()) {
            long period = Math.max(100, Math.min(1_000, orphanTimeout.toMillis() / 4));
            group.scheduleAtFixedRate(this::giveUpIfOrphaned, period, period, TimeUnit.MILLISECONDS);
        }
        return firstRegistration;
    }

    /**
     * A server whose fleet is gone (its dispatcher never comes back, or a new one does not know it) would hold
     * its port and retry forever: once empty and unregistered for the orphan timeout, it gives up.
     */
    private void giveUpIfOrphaned() {
        boolean empty = loads.values().stream().allMatch(n -> n <= 0);
        if (stopping || unregisteredSinceNanos == 0 || !empty
                || System.nanoTime() - unregisteredSinceNanos < orphanTimeout.toNanos()) {
            return;
        }
        String reason = "no dispatcher has taken this server for " + orphanTimeout.toMillis() + "ms";
        log.error("{} server port={}: {}, giving up", identity.kind(), identity.port(), reason);
        stopping = true;
        if (channel != null) {
            channel.close();
        }
        listener.refused(reason);
    }

    /** A player arrived on {@code route} ({@code ""} for kinds with one route). Any thread. */
    public void playerArrived(String route) {
        group.execute(() -> {
            loads.merge(route, 1, Integer::sum);
            report(new Request.Add(identity.port(), route));
        });
    }

    /** A player left {@code route}. Any thread. */
    public void playerLeft(String route) {
        group.execute(() -> {
            loads.merge(route, -1, Integer::sum);
            report(new Request.Del(identity.port(), route));
        });
    }

    private void report(Request request) {
        // Before registration the load is only counted: the registration will carry it.
        if (registerSent && channel != null && channel.isActive()) {
            channel.writeAndFlush(request);
        }
    }

    private Request.Register registration() {
        int total = loads.values().stream().mapToInt(Integer::intValue).sum();
        Map<String, Integer> routes = identity.routes().isEmpty() ? Map.of() : loads;
        return new Request.Register(identity.kind(), identity.host(), identity.port(), identity.credential(), total,
                ProcessHandle.current().pid(), routes);
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
                        // Pings go out when the link is quiet; a link that hears nothing back for ten of them
                        // (at least 5 s, so a paused process or a short outage that TCP rides out does not
                        // count) is dead even if TCP has not noticed (a cut cable leaves it half-open): reconnect.
                        ch.pipeline().addLast(new IdleStateHandler(silenceLimitMillis(),
                                heartbeatInterval.toMillis(), 0, TimeUnit.MILLISECONDS));
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
            channel.writeAndFlush(registration());
            channel.closeFuture().addListener(closed -> {
                registerSent = false;
                channel = null;
                if (unregisteredSinceNanos == 0) {
                    unregisteredSinceNanos = System.nanoTime();
                }
                if (!stopping) {
                    log.warn("lost the dispatcher at {}:{}, reconnecting", dispatcherHost, dispatcherPort);
                    scheduleReconnect();
                }
            });
        });
    }

    private long silenceLimitMillis() {
        return Math.max(10 * heartbeatInterval.toMillis(), 5_000);
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
                log.info("dispatcher asks this {} server to drain port={}", identity.kind(), identity.port());
                listener.drain();
            } else if (reply instanceof Reply.Allocate) {
                allocate();
            } else if (!registered) {
                registrationAnswered(ctx, reply);
            } else if (reply instanceof Reply.Err err) {
                log.warn("dispatcher refused a report port={}: {}", identity.port(), err.reason());
            }
        }

        private void allocate() {
            log.info("dispatcher asks this {} server to mark itself allocated port={}", identity.kind(), identity.port());
            listener.allocate().whenComplete((ok, error) -> group.execute(() -> {
                if (error != null) {
                    log.error("could not mark this {} server allocated port={}: {}", identity.kind(), identity.port(), error.toString());
                }
                // Answered on whatever link is open now: a dispatcher that reconnected asks again if it still needs to.
                report(new Request.Allocated(identity.port(), error == null));
            }));
        }

        private void registrationAnswered(ChannelHandlerContext ctx, Reply reply) {
            if (reply instanceof Reply.Err err) {
                if (err.reason().startsWith("forbidden")) {
                    log.error("dispatcher refused this {} server for good port={}: {}", identity.kind(), identity.port(), err.reason());
                    stopping = true;
                    ctx.close();
                    listener.refused(err.reason());
                    return;
                }
                log.warn("dispatcher refused registration port={} loads={}: {}", identity.port(), loads, err.reason());
                ctx.close();
                return;
            }
            registered = true;
            retryMs = FIRST_RETRY_MS;
            unregisteredSinceNanos = 0;
            log.info("registered with dispatcher {}:{} kind={} port={} loads={}", dispatcherHost, dispatcherPort,
                    identity.kind(), identity.port(), loads);
            firstRegistration.complete(null);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
                log.warn("no word from the dispatcher {}:{} in {}ms, reconnecting", dispatcherHost, dispatcherPort,
                        silenceLimitMillis());
                ctx.close();
            } else if (event instanceof IdleStateEvent && registered) {
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
