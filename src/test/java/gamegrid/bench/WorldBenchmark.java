package gamegrid.bench;

import gamegrid.protocol.map.store.MemcacheClient;
import gamegrid.protocol.map.store.Write;
import gamegrid.protocol.ticket.TicketAuthority;
import gamegrid.support.DispatcherProcess;
import gamegrid.support.MapClient;
import gamegrid.support.MapServerProcess;
import gamegrid.support.MemcachedProcess;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.LineEncoder;
import io.netty.handler.codec.string.LineSeparator;
import io.netty.handler.codec.string.StringDecoder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Map servers under load, against references measured in the same run ({@code scripts/bench.sh world}):
 *
 * <ol>
 *   <li>Handoffs: clients step back and forth through a portal (source CAS in transit, reconnect, target get +
 *   CAS), handoffs/s and latency, beside a bare memcached gets+cas pair from the same client code
 *   ({@link MemcacheClient}) at the same concurrency.</li>
 *   <li>One map server with {@code --players} players on one map, each moving at the speed limit (10 moves/s) in
 *   random directions: moves/s, the server's CPU, CPU per move and events sent per move, for several view radii
 *   (more players in view, more work per move).</li>
 * </ol>
 *
 * <p>{@code --duration=10s --clients=16 --players=500 --radii=2,5,10}; every run is bounded by its duration; every
 * process it starts is stopped before it exits.
 */
public final class WorldBenchmark {
    private static final long CLOCK_TICKS = 100;
    /** Walkers' step period: just above the servers' 100 ms speed limit, so network jitter never makes a move too fast. */
    private static final long STEP_MS = 105;
    private static final List<String> SERVER_JVM = List.of("-Xms128m", "-Xmx256m", "-XX:+UseParallelGC");

    private WorldBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Duration duration = options.duration("duration", Duration.ofSeconds(10));
        int clients = options.integer("clients", 16);
        int players = options.integer("players", 500);
        String radii = options.text("radii", "2,5,10");
        options.rejectUnread();
        Path dir = Files.createTempDirectory("world-bench");
        TicketAuthority tickets = new TicketAuthority(MapServerProcess.SECRET);
        try (MemcachedProcess memcached = MemcachedProcess.start()) {
            handoffs(dir, memcached, tickets, clients, duration);
            for (String radius : radii.split(",")) {
                crowd(dir, memcached, tickets, players, Integer.parseInt(radius.trim()), duration);
            }
        }
    }

    // ---- handoffs against a bare gets+cas pair ----

    private static void handoffs(Path dir, MemcachedProcess memcached, TicketAuthority tickets, int clients, Duration duration)
            throws Exception {
        LatencyHistogram pairs = casPairs(memcached, clients, duration);
        double pairSeconds = duration.toNanos() / 1e9;
        System.out.printf("RESULT memcached gets+cas pair, %d concurrent: %.0f pairs/s, p50=%.0f us p99=%.0f us%n", clients,
                pairs.count() / pairSeconds, pairs.quantile(0.50) / 1e3, pairs.quantile(0.99) / 1e3);
        try (MapServerProcess server = MapServerProcess.start(dir, SERVER_JVM, DispatcherProcess.freePort(), "town,forest",
                "--memcached=" + memcached.address())) {
            List<CompletableFuture<List<Long>>> runs = new ArrayList<>();
            long deadline = System.nanoTime() + duration.toNanos();
            for (int i = 0; i < clients; i++) {
                String name = "hb" + i + "x" + Long.toHexString(System.nanoTime() & 0xffffff);
                String ticket = tickets.mint(name, Instant.now(), Duration.ofHours(1)).token();
                runs.add(CompletableFuture.supplyAsync(() -> crossPortals(server.port(), ticket, deadline)));
            }
            LatencyHistogram all = new LatencyHistogram();
            runs.forEach(run -> run.join().forEach(all::record));
            double handoffsPerSecond = all.count() / pairSeconds;
            System.out.printf("RESULT handoffs, %d concurrent players: %.0f handoffs/s, p50=%.0f us p99=%.0f us%n", clients,
                    handoffsPerSecond, all.quantile(0.50) / 1e3, all.quantile(0.99) / 1e3);
            System.out.printf("RESULT handoff vs gets+cas pair: %.2fx the pair's p99, %.2fx fewer per second%n",
                    (double) all.quantile(0.99) / Math.max(1, pairs.quantile(0.99)),
                    (pairs.count() / pairSeconds) / Math.max(1e-9, handoffsPerSecond));
        }
    }

    /** Each of {@code clients} loops does get then CAS on a key of its own, as a handoff's target does, until the deadline. */
    private static LatencyHistogram casPairs(MemcachedProcess memcached, int clients, Duration duration) throws Exception {
        EventLoopGroup group = new NioEventLoopGroup(1);
        try {
            MemcacheClient client = new MemcacheClient(group.next(), new InetSocketAddress("127.0.0.1", memcached.port()),
                    Duration.ofSeconds(2));
            LatencyHistogram latencies = new LatencyHistogram(); // recorded on the client's loop only
            for (int i = 0; i < clients; i++) {
                client.add("bench:" + i, "0", 0).get(5, TimeUnit.SECONDS);
            }
            long deadline = System.nanoTime() + duration.toNanos();
            List<CompletableFuture<Void>> loops = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                pair(client, "bench:" + i, deadline, latencies, done);
                loops.add(done);
            }
            CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get(duration.toMillis() + 10_000, TimeUnit.MILLISECONDS);
            client.close();
            return latencies;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private static void pair(MemcacheClient client, String key, long deadline, LatencyHistogram latencies, CompletableFuture<Void> done) {
        if (System.nanoTime() > deadline) {
            done.complete(null);
            return;
        }
        long started = System.nanoTime();
        client.get(key).thenCompose(item -> client.cas(key, Long.toString(started), item.orElseThrow().cas(), 0))
                .whenComplete((Write write, Throwable error) -> {
                    if (error != null || !write.stored()) {
                        done.completeExceptionally(error != null ? error : new IllegalStateException("cas lost on a key of its own"));
                        return;
                    }
                    latencies.record(System.nanoTime() - started);
                    pair(client, key, deadline, latencies, done);
                });
    }

    /** A player walks next to town's forest portal, then crosses it back and forth until the deadline. */
    private static List<Long> crossPortals(int port, String ticket, long deadline) {
        List<Long> latencies = new ArrayList<>();
        try {
            String token;
            try (MapClient client = MapClient.entering(port, ticket, null)) {
                client.await("YOU");
                client.walk("e", 18); // town 37,8
                client.walk("n", 3); // 37,5, west of the portal at 38,5
                token = portalToken(client, "move|e");
            }
            String back = "move|w"; // forest 2,5 -> the portal back to town at 1,5
            while (System.nanoTime() < deadline) {
                long started = System.nanoTime();
                try (MapClient client = MapClient.entering(port, ticket, token)) {
                    String you = client.await("YOU");
                    if (!you.startsWith("YOU")) {
                        throw new IOException("handoff refused: " + you);
                    }
                    latencies.add(System.nanoTime() - started);
                    token = portalToken(client, back);
                    back = back.equals("move|w") ? "move|e" : "move|w";
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return latencies;
    }

    private static String portalToken(MapClient client, String step) throws IOException {
        String portal = client.ask(step, "PORTAL");
        if (!portal.startsWith("PORTAL")) {
            throw new IOException(step + " answered " + portal);
        }
        return portal.substring(portal.lastIndexOf('|') + 1);
    }

    // ---- many players on one map ----

    private static void crowd(Path dir, MemcachedProcess memcached, TicketAuthority tickets, int players, int radius,
                              Duration duration) throws Exception {
        try (MapServerProcess server = MapServerProcess.start(dir, SERVER_JVM, DispatcherProcess.freePort(), "town",
                "--memcached=" + memcached.address(), "--max-players=" + (players + 10), "--view-radius=" + radius,
                "--move-interval=100ms", "--idle-timeout=5m")) {
            ProcCpu cpu = new ProcCpu(server.pid(), CLOCK_TICKS);
            Crowd crowd = new Crowd();
            EventLoopGroup group = new NioEventLoopGroup(2);
            try {
                for (int i = 0; i < players; i++) {
                    String name = "c" + radius + "x" + i + "x" + Long.toHexString(System.nanoTime() & 0xffff);
                    crowd.join(group, server.port(), tickets.mint(name, Instant.now(), Duration.ofHours(1)).token());
                }
                long enterDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (crowd.entered.get() < players && System.nanoTime() < enterDeadline) {
                    TimeUnit.MILLISECONDS.sleep(50);
                }
                TimeUnit.SECONDS.sleep(2); // warm-up: everyone walking
                long moves0 = crowd.moves.get();
                long events0 = crowd.events.get();
                long cpu0 = cpu.cpuNanos();
                long t0 = System.nanoTime();
                TimeUnit.NANOSECONDS.sleep(duration.toNanos());
                long elapsed = System.nanoTime() - t0;
                long moves = crowd.moves.get() - moves0;
                long events = crowd.events.get() - events0;
                long cpuUsed = cpu.cpuNanos() - cpu0;
                System.out.printf("RESULT %d players on one map, view radius %d, 10 moves/s each: %.0f moves/s, server CPU %.0f%%,"
                                + " %.1f us CPU per move, %.1f events sent per move (the players in view, the mover included), errors=%d, entered=%d%n",
                        players, radius, moves / (elapsed / 1e9), 100.0 * cpuUsed / elapsed, cpuUsed / 1e3 / Math.max(1, moves),
                        (double) events / Math.max(1, moves), crowd.errors.get(), crowd.entered.get());
                crowd.reasons.forEach((reason, count) -> System.out.println("  " + count + " x " + reason));
            } finally {
                crowd.stop();
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        }
    }

    /** Players that enter and then move about ten times a second in a random direction; count their moves and all they hear. */
    private static final class Crowd {
        final AtomicLong entered = new AtomicLong();
        final AtomicLong moves = new AtomicLong();
        final AtomicLong events = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final Map<String, AtomicLong> reasons = new ConcurrentHashMap<>();
        private final List<Channel> channels = new ArrayList<>();
        private final SplittableRandom seeds = new SplittableRandom(1);

        void join(EventLoopGroup group, int port, String ticket) throws InterruptedException {
            SplittableRandom random = seeds.split();
            Channel channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new LineBasedFrameDecoder(4096), new StringDecoder(StandardCharsets.UTF_8),
                                    new LineEncoder(LineSeparator.UNIX, StandardCharsets.UTF_8), new Walker(ticket, random));
                        }
                    })
                    .connect(new InetSocketAddress("127.0.0.1", port)).sync().channel();
            synchronized (channels) {
                channels.add(channel);
            }
        }

        void stop() {
            synchronized (channels) {
                channels.forEach(Channel::close);
            }
        }

        private final class Walker extends SimpleChannelInboundHandler<String> {
            private final String ticket;
            private final SplittableRandom random;
            private final String self;

            Walker(String ticket, SplittableRandom random) {
                this.ticket = ticket;
                this.random = random;
                this.self = ticket.substring(0, ticket.indexOf(':'));
            }

            @Override
            public void channelActive(ChannelHandlerContext ctx) throws Exception {
                ctx.writeAndFlush("enter|" + ticket);
                super.channelActive(ctx);
            }

            @Override
            protected void channelRead0(ChannelHandlerContext ctx, String line) {
                events.incrementAndGet();
                if (line.startsWith("YOU|")) {
                    entered.incrementAndGet();
                    // Each walker moves on its own clock, a little slower than the speed limit, at a random phase.
                    // Fixed delay, not rate: a late tick must not be followed by a burst of catch-up moves.
                    ctx.executor().scheduleWithFixedDelay(() -> step(ctx), random.nextInt(100), STEP_MS, TimeUnit.MILLISECONDS);
                } else if (line.startsWith("MOVED|" + self + "|")) {
                    moves.incrementAndGet();
                } else if (line.startsWith("ERR") && !line.equals("ERR wall")) {
                    errors.incrementAndGet();
                    reasons.computeIfAbsent(line, reason -> new AtomicLong()).incrementAndGet();
                }
            }

            private void step(ChannelHandlerContext ctx) {
                if (ctx.channel().isActive()) {
                    ctx.writeAndFlush("move|" + "nsew".charAt(random.nextInt(4)));
                }
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                errors.incrementAndGet();
                ctx.close();
            }
        }
    }
}
