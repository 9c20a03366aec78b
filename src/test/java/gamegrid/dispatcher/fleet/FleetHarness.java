package gamegrid.dispatcher.fleet;

import gamegrid.protocol.dispatch.Request;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real {@link Fleet} for fast rule tests: a recording launcher, a clock the test moves, and the fleet's
 * thread replaced by a trampoline that runs each message to its end, one at a time, on whichever test thread
 * posted it, so every rule runs deterministically and in order.
 */
public final class FleetHarness {
    public static final String WORLD_SECRET = "world-secret";
    public static final String LOCAL_HOST = "127.0.0.1";

    public final AtomicLong clock = new AtomicLong(1_000_000_000L);
    public final RecordingLauncher launcher = new RecordingLauncher();
    public final Fleet fleet;

    public FleetHarness(FleetConfig config) {
        Executor fleetThread = new Trampoline();
        this.fleet = new Fleet(config, launcher, Runnable::run, fleetThread, clock::get, WORLD_SECRET, LOCAL_HOST);
    }

    /** Battle-server settings with short test timers: 1 s reservations, 5 s start, 30 s idle, 60 s heartbeat, 10 s drain. */
    public static KindConfig battle(int maxPlayers, int minServers, int maxServers, int warmSpares, int highWater) {
        return new KindConfig(Request.BATTLE, "gamegrid.fightserver.BattleServerMain", maxPlayers, 7000, minServers,
                maxServers, warmSpares, highWater, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofSeconds(60), Duration.ofSeconds(10), List.of(), 1, List.of(), List.of(), true);
    }

    /** Map-server settings: the given maps, one per process, no minimum. */
    public static KindConfig map(int maxPlayers, int maxServers, List<String> maps) {
        return new KindConfig(Request.MAP, "gamegrid.mapserver.MapServerMain", maxPlayers, 8000, 0, maxServers, 0, 0,
                Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofSeconds(10), maps, 1, List.of(), List.of(), true);
    }

    /** The fleet-wide rules: backoff from 100 ms to 30 s, a roster at {@code roster} (null: none). */
    public static FleetConfig fleet(Duration adoptWindow, Path roster, KindConfig... kinds) {
        return new FleetConfig(List.of(kinds), adoptWindow, Duration.ofMillis(100), Duration.ofSeconds(30), roster);
    }

    /** {@link Fleet#tryAcquire} for battle seats, as the port it routed to, or -1. */
    public int tryAcquire(int seats) {
        ServerAddress server = fleet.tryAcquire(Request.BATTLE, "", seats);
        return server == null ? -1 : server.port();
    }

    /** Moves the clock tick by tick, running every clock rule on the way. */
    public void advance(Duration by) {
        long target = clock.get() + by.toNanos();
        while (clock.get() < target) {
            clock.addAndGet(Fleet.TICK.toNanos());
            fleet.tick();
        }
    }

    /** Registers launch number {@code i} with its own credential and {@code load} players. */
    public CompletableFuture<Registration> registerLaunched(int i, int load, ControlLink link) {
        return fleet.register(new Request.Register(Request.BATTLE, launcher.ports.get(i), launcher.credentials.get(i),
                load, launcher.launched.get(i).pid, Map.of()), link);
    }

    /** Registers a battle server this dispatcher did not launch, with the world's secret. */
    public CompletableFuture<Registration> registerExternal(int port, int load, ControlLink link) {
        return fleet.register(new Request.Register(port, WORLD_SECRET, load, 4242), link);
    }

    /** The server on {@code port} as the fleet sees it, or null. */
    public FleetView.ServerView row(int port) {
        return fleet.view().join().servers().stream().filter(r -> r.port() == port).findFirst().orElse(null);
    }

    public List<FleetView.ServerView> rows() {
        return fleet.view().join().servers();
    }

    public FleetView.KindView kind(String kind) {
        return fleet.view().join().kinds().stream().filter(k -> k.kind().equals(kind)).findFirst().orElseThrow();
    }

    /** Runs posted messages one at a time, to the end, on the posting thread; a message posted meanwhile queues. */
    private static final class Trampoline implements Executor {
        private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean();

        @Override
        public void execute(Runnable message) {
            queue.add(message);
            while (!queue.isEmpty() && running.compareAndSet(false, true)) {
                try {
                    Runnable next;
                    while ((next = queue.poll()) != null) {
                        next.run();
                    }
                } finally {
                    running.set(false);
                }
            }
        }
    }
}
