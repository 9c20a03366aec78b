package gamegrid.bench;

import gamegrid.mapserver.PlayerState;
import gamegrid.protocol.map.store.MemcacheClient;
import gamegrid.protocol.map.store.Write;
import gamegrid.protocol.ticket.TicketAuthority;
import gamegrid.support.DispatcherProcess;
import gamegrid.support.MapClient;
import gamegrid.support.MapServerProcess;
import gamegrid.support.MemcachedProcess;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Map servers under load, against references measured in the same run ({@code scripts/bench.sh world}):
 *
 * <ol>
 *   <li>Handoffs: clients step back and forth through a portal (source CAS in transit, reconnect, target get +
 *   CAS), handoffs/s and latency, beside a bare memcached gets+cas pair from the same client code
 *   ({@link MemcacheClient}) at the same concurrency.</li>
 *   <li>One map server with {@code --players} players spread over an open 64x64 arena (written into the bench's own
 *   map directory), all entering at once, then {@code --walkers} of them stepping in random directions at the speed
 *   limit (10 moves/s), for several view radii: the time to enter, moves/s, events sent per move (the players in
 *   view), and CPU per move of the server's event loops, beside the CPU of the load generator ({@link Crowd}) and of
 *   the rest of the machine, and who, if anyone, was saturated. A last line fits the per-move cost to the players
 *   in view: a fixed part and a part per event sent.</li>
 * </ol>
 *
 * <p>{@code --duration=10s --clients=16 --players=500 --walkers=100 --radii=2,5,10 --parts=handoffs,crowd}; every
 * run is bounded by its duration; every process it starts is stopped before it exits.
 */
public final class WorldBenchmark {
    private static final long CLOCK_TICKS = 100;
    /** The crowd's arena is ARENA x ARENA tiles, walls included. */
    private static final int ARENA = 64;
    private static final String ARENA_ID = "arena";
    private static final int GENERATOR_LOOPS = 2;
    /** Thread names (as /proc shows them) of the map server's event loops and of the load generator's. */
    private static final String SERVER_LOOPS = "map-io-";
    private static final String GENERATOR_THREADS = "walkers-";
    /**
     * Walking before measuring: a fresh server JVM's C2 compiler still takes a third of a core 5 s into the walk,
     * its event loops running slower code meanwhile.
     */
    private static final Duration WARM_UP = Duration.ofSeconds(10);
    /** A thread busier than this (percent of a core) is taken as saturated. */
    private static final double SATURATED_PCT = 90;
    private static final List<String> SERVER_JVM = List.of("-Xms128m", "-Xmx256m", "-XX:+UseParallelGC");

    private WorldBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Duration duration = options.duration("duration", Duration.ofSeconds(10));
        int clients = options.integer("clients", 16);
        int players = options.integer("players", 500);
        int walkers = Math.min(players, options.integer("walkers", 100));
        String radii = options.text("radii", "2,5,10");
        String parts = options.text("parts", "handoffs,crowd");
        options.rejectUnread();
        Path dir = Files.createTempDirectory("world-bench");
        TicketAuthority tickets = new TicketAuthority(MapServerProcess.SECRET);
        try (MemcachedProcess memcached = MemcachedProcess.start()) {
            if (parts.contains("handoffs")) {
                handoffs(dir, memcached, tickets, clients, duration);
            }
            if (parts.contains("crowd")) {
                Path maps = writeArena(dir);
                List<Point> points = new ArrayList<>();
                for (String radius : radii.split(",")) {
                    points.add(crowd(dir, maps, memcached, tickets, players, walkers, Integer.parseInt(radius.trim()), duration));
                }
                costGrowth(points);
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

    /**
     * The crowd's map: an open square with a wall around it, no portals (walkers would leave through them) and no
     * monsters (they would start battles). Written into the bench's own map directory.
     */
    private static Path writeArena(Path dir) throws IOException {
        StringBuilder map = new StringBuilder("# The world benchmark's arena, written by WorldBenchmark: open floor, no portals, no monsters.\ntiles\n");
        for (int y = 0; y < ARENA; y++) {
            for (int x = 0; x < ARENA; x++) {
                boolean wall = x == 0 || y == 0 || x == ARENA - 1 || y == ARENA - 1;
                map.append(wall ? '#' : x == ARENA / 2 && y == ARENA / 2 ? 'S' : '.');
            }
            map.append('\n');
        }
        Path maps = Files.createDirectories(dir.resolve("maps"));
        Files.writeString(maps.resolve(ARENA_ID + ".map"), map);
        return maps;
    }

    /**
     * Spreads the players evenly over the arena before they enter: each one's state is stored at a random floor tile,
     * as if it had left the map there, so it enters where it stands (the map format has one spawn point, and walking
     * 500 players out of it would take most of a minute with everyone in view of everyone).
     */
    private static void spread(MemcachedProcess memcached, List<String> names) throws Exception {
        EventLoopGroup group = new NioEventLoopGroup(1);
        try {
            MemcacheClient client = new MemcacheClient(group.next(), new InetSocketAddress("127.0.0.1", memcached.port()),
                    Duration.ofSeconds(2));
            SplittableRandom random = new SplittableRandom(names.size());
            List<CompletableFuture<Write>> writes = new ArrayList<>();
            for (String name : names) {
                PlayerState at = PlayerState.fresh(ARENA_ID, 1 + random.nextInt(ARENA - 2), 1 + random.nextInt(ARENA - 2));
                writes.add(client.add(PlayerState.key(name), at.encode(), 0));
            }
            for (CompletableFuture<Write> write : writes) {
                if (!write.get(10, TimeUnit.SECONDS).stored()) {
                    throw new IllegalStateException("a bench player's state was already stored");
                }
            }
            client.close();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /** The per-move cost at one view radius. */
    private record Point(int radius, double eventsPerMove, double cpuMicrosPerMove) {
    }

    private static Point crowd(Path dir, Path maps, MemcachedProcess memcached, TicketAuthority tickets, int players, int walkers,
                               int radius, Duration duration) throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < players; i++) {
            names.add("c" + radius + "x" + i + "x" + Long.toHexString(System.nanoTime() & 0xffff));
        }
        spread(memcached, names);
        try (MapServerProcess server = MapServerProcess.start(dir, SERVER_JVM, DispatcherProcess.freePort(), ARENA_ID,
                "--map-dir=" + maps, "--start-map=" + ARENA_ID, "--memcached=" + memcached.address(),
                "--max-players=" + (players + 10), "--view-radius=" + radius, "--move-interval=100ms", "--idle-timeout=5m")) {
            Crowd crowd = new Crowd();
            EventLoopGroup group = new NioEventLoopGroup(GENERATOR_LOOPS, new DefaultThreadFactory("walkers"));
            try {
                // Everyone connects and enters at once: the server's cost of a crowd arriving, timed on its own.
                long enterStart = System.nanoTime();
                for (int i = 0; i < players; i++) {
                    crowd.join(group, server.port(), tickets.mint(names.get(i), Instant.now(), Duration.ofHours(1)).token(), i < walkers);
                }
                long enterDeadline = enterStart + TimeUnit.SECONDS.toNanos(30);
                while (crowd.entered.get() < players && System.nanoTime() < enterDeadline) {
                    TimeUnit.MILLISECONDS.sleep(10);
                }
                long enterMillis = (System.nanoTime() - enterStart) / 1_000_000;
                System.out.printf(Locale.ROOT, "RESULT %d players entering one map server at once (view radius %d): %d entered in %d ms,"
                        + " errors: %s%n", players, radius, crowd.entered.get(), enterMillis, crowd.errors);
                crowd.walk();
                TimeUnit.NANOSECONDS.sleep(WARM_UP.toNanos()); // every walker on its clock, the server's JIT done with the hot paths
                Window window = measure(server.pid());
                long moves0 = crowd.moves.sum();
                long events0 = crowd.events.sum();
                long walls0 = crowd.walls.sum();
                long errors0 = crowd.errorCount();
                TimeUnit.NANOSECONDS.sleep(duration.toNanos());
                CpuUse use = window.close();
                long moves = crowd.moves.sum() - moves0;
                long events = crowd.events.sum() - events0;
                long walls = crowd.walls.sum() - walls0;
                long errors = crowd.errorCount() - errors0;
                double seconds = use.elapsedNanos() / 1e9;
                Point point = new Point(radius, (double) events / Math.max(1, moves), use.serverLoopsNanos() / 1e3 / Math.max(1, moves));
                System.out.printf(Locale.ROOT, "RESULT %d players on a %dx%d arena, %d of them walking at 10 moves/s, view radius %d:"
                                + " %.0f moves/s (%.0f asked), %.1f events per move (the players in view, the mover included),"
                                + " %.1f us of the server's event loops per move (%.1f us of its whole JVM); server CPU %.0f%%"
                                + " (event loops %.0f%%, busiest %.0f%%), load generator CPU %.0f%% (busiest loop %.0f%%),"
                                + " rest of the machine %.0f%%; errors=%d walls=%d; %s%n",
                        players, ARENA, ARENA, walkers, radius, moves / seconds, walkers * 1000.0 / Crowd.STEP_MS, point.eventsPerMove(),
                        point.cpuMicrosPerMove(), use.serverNanos() / 1e3 / Math.max(1, moves), use.serverPct(), use.serverLoopsPct(),
                        use.serverBusiestPct(), use.generatorPct(), use.generatorBusiestPct(), use.restPct(), errors, walls,
                        use.verdict());
                crowd.errors.forEach((reason, count) -> System.out.println("  " + count + " x " + reason + " (whole run)"));
                return point;
            } finally {
                crowd.stop();
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        }
    }

    /** Fits cost = fixed + slope x events over the radii: what a move costs, and what each player in view adds. */
    private static void costGrowth(List<Point> points) {
        if (points.size() < 2) {
            return;
        }
        double n = points.size();
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (Point p : points) {
            sx += p.eventsPerMove();
            sy += p.cpuMicrosPerMove();
            sxx += p.eventsPerMove() * p.eventsPerMove();
            sxy += p.eventsPerMove() * p.cpuMicrosPerMove();
        }
        double slope = (n * sxy - sx * sy) / Math.max(1e-9, n * sxx - sx * sx);
        double fixed = (sy - slope * sx) / n;
        StringBuilder each = new StringBuilder();
        points.forEach(p -> each.append(String.format(Locale.ROOT, " r%d %.1f us @ %.1f events;", p.radius(), p.cpuMicrosPerMove(),
                p.eventsPerMove())));
        System.out.printf(Locale.ROOT, "RESULT per-move cost vs players in view:%s fit: %.1f us per move + %.2f us per event sent%n",
                each, fixed, slope);
    }

    /**
     * A process's CPU over a window, from /proc, and that of its event loops (threads named {@code loopPrefix}): the
     * loops do all the work of moves, without the JIT's compiling of a young JVM; one near 100% is saturated.
     */
    private static final class ProcessWindow {
        private final ProcCpu process;
        private final long processStart;
        private final List<ProcCpu> loops;
        private final long[] loopStarts;

        ProcessWindow(long pid, String loopPrefix) {
            process = new ProcCpu(pid, CLOCK_TICKS);
            loops = ProcCpu.threadsOf(pid, loopPrefix, CLOCK_TICKS);
            loopStarts = loops.stream().mapToLong(ProcCpu::cpuNanos).toArray();
            processStart = process.cpuNanos();
        }

        long used() {
            return process.cpuNanos() - processStart;
        }

        /** The loops' CPU, all of them ({@code [0]}) and the busiest one ({@code [1]}). */
        long[] loopsUsed() {
            long all = 0;
            long most = 0;
            for (int i = 0; i < loops.size(); i++) {
                long used = Math.max(0, loops.get(i).cpuNanos() - loopStarts[i]);
                all += used;
                most = Math.max(most, used);
            }
            return new long[] {all, most};
        }
    }

    /** Opens the measuring window on the server, this JVM (the load generator) and the machine. */
    private static Window measure(long serverPid) {
        return new Window(System.nanoTime(), new ProcessWindow(serverPid, SERVER_LOOPS),
                new ProcessWindow(ProcessHandle.current().pid(), GENERATOR_THREADS),
                ProcCpu.machineBusyNanos(CLOCK_TICKS));
    }

    private record Window(long startNanos, ProcessWindow server, ProcessWindow generator, long machineStart) {
        CpuUse close() {
            long server = this.server.used();
            long[] serverLoops = this.server.loopsUsed();
            long generator = this.generator.used();
            return new CpuUse(System.nanoTime() - startNanos, server, serverLoops[0], serverLoops[1], generator,
                    this.generator.loopsUsed()[1], ProcCpu.machineBusyNanos(CLOCK_TICKS) - machineStart - server - generator);
        }
    }

    private record CpuUse(long elapsedNanos, long serverNanos, long serverLoopsNanos, long serverBusiestNanos, long generatorNanos,
                          long generatorBusiestNanos, long restNanos) {
        double serverPct() {
            return pct(serverNanos);
        }

        double serverLoopsPct() {
            return pct(serverLoopsNanos);
        }

        double serverBusiestPct() {
            return pct(serverBusiestNanos);
        }

        double generatorPct() {
            return pct(generatorNanos);
        }

        double generatorBusiestPct() {
            return pct(generatorBusiestNanos);
        }

        double restPct() {
            return pct(restNanos);
        }

        private double pct(long nanos) {
            return 100.0 * nanos / elapsedNanos;
        }

        /** Who, if anyone, ran out of CPU: a figure measured then is a lower bound, not the server's capacity. */
        String verdict() {
            List<String> saturated = new ArrayList<>();
            if (serverBusiestPct() > SATURATED_PCT) {
                saturated.add("the server (a thread at " + Math.round(serverBusiestPct()) + "%)");
            }
            if (generatorBusiestPct() > SATURATED_PCT || generatorPct() > SATURATED_PCT * GENERATOR_LOOPS) {
                saturated.add("the load generator");
            }
            int cores = Runtime.getRuntime().availableProcessors();
            if (serverPct() + generatorPct() + restPct() > SATURATED_PCT * cores) {
                saturated.add("the machine (all " + cores + " cores busy)");
            }
            return saturated.isEmpty() ? "nothing saturated" : "SATURATED: " + String.join(", ", saturated) + ": a lower bound";
        }
    }
}
