package gamegrid.dispatcher.fleet;

import gamegrid.protocol.dispatch.Request;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher's fleet of server processes, one pool per kind (battle, map, chat), and who may change what:
 * <ul>
 *   <li>event loops reserve seats and count players directly in each pool's {@link RoutingTable}
 *       ({@link #tryAcquire}, {@link #add}, {@link #del}), under that table's own short lock;</li>
 *   <li>everything else is a message to the {@link FleetController}, which owns each server's life on the
 *       fleet's one thread ({@code fleetThread}): waiting requests, registrations, heartbeats, link closes,
 *       launches, exits, the clock, stop.</li>
 * </ul>
 */
public final class Fleet {
    /** Resolution of every timer in the fleet: reservation expiry, timeouts, idle checks. */
    public static final Duration TICK = Duration.ofMillis(100);

    private static final Logger log = LoggerFactory.getLogger(Fleet.class);

    private final Map<String, Pool> pools = new LinkedHashMap<>();
    private final FleetController controller;
    private final Executor fleetThread;
    private final LongSupplier clock;
    private final long epochNanos;

    /**
     * @param launcher       starts server processes; called on {@code launchExecutor}
     * @param launchExecutor runs process launches, off the fleet's thread
     * @param fleetThread    the one thread that owns the fleet's state: a single-threaded executor
     * @param clock          monotonic clock, {@link System#nanoTime} outside tests
     * @param worldSecret    what servers the dispatcher did not launch register with
     * @param localHost      the host written for servers on this machine (the dispatcher's advertised host)
     */
    public Fleet(FleetConfig config, Launcher launcher, Executor launchExecutor, Executor fleetThread,
                 LongSupplier clock, String worldSecret, String localHost) {
        config.kinds().forEach(kind -> pools.put(kind.kind(), new Pool(kind, config)));
        this.fleetThread = fleetThread;
        this.clock = clock;
        this.epochNanos = clock.getAsLong();
        this.controller = new FleetController(config, pools, launcher, launchExecutor, this::post, clock,
                epochNanos, worldSecret, localHost);
    }

    /** Takes back the servers on the roster, then fills every pool to its minimum. */
    public void start() {
        post(controller::start);
    }

    /** Completes when a request of every kind that keeps servers running can be answered at once. */
    public CompletableFuture<Void> ready() {
        return controller.ready();
    }

    /** Why the fleet is not ready, or null when it is. */
    public CompletableFuture<String> notReadyReason() {
        return ask(controller::notReadyReason);
    }

    /**
     * The common case without a future: reserves the seats on the least-loaded ready instance of the route
     * with room and returns its address, or null when {@link #acquire} must decide (wait, launch, or refuse).
     */
    public ServerAddress tryAcquire(String kind, String route, int seats) {
        return tryAcquire(kind, route, seats, clock.getAsLong());
    }

    /** {@link #tryAcquire(String, String, int)} at {@code nowNanos}, read from {@link #nanoTime()} (once for a batch of requests). */
    public ServerAddress tryAcquire(String kind, String route, int seats, long nowNanos) {
        Pool pool = pools.get(kind);
        if (pool == null || controller.stopping()) {
            return null;
        }
        return pool.table.tryReserve(route, seats, controller.tick(nowNanos));
    }

    /** This fleet's clock: a caller answering a batch of requests reads it once for all of them. */
    public long nanoTime() {
        return clock.getAsLong();
    }

    /** Reserves one seat of a battle server: see {@link #acquire(String, String, int)}. */
    public CompletableFuture<ServerAddress> acquire() {
        return acquire(Request.BATTLE, "", 1);
    }

    /**
     * Reserves {@code seats} seats together on the least-loaded instance of {@code route} with room for them,
     * and completes with its address once that server is ready; fails with {@link FleetException} when the kind
     * is full or failing to start, the route unknown, the dispatcher stopping, or a new server did not start.
     */
    public CompletableFuture<ServerAddress> acquire(String kind, String route, int seats) {
        Pool pool = pools.get(kind);
        if (pool == null) {
            return CompletableFuture.failedFuture(new FleetException("no " + kind + " servers in this world"));
        }
        if (pool.config.routed() ? !pool.config.routes().contains(route) : !route.isEmpty()) {
            return CompletableFuture.failedFuture(new FleetException("unknown map " + route));
        }
        if (seats < 1 || seats > pool.config.maxPlayers()) {
            return CompletableFuture.failedFuture(new FleetException(
                    "a party of " + seats + " does not fit a " + kind + " server of " + pool.config.maxPlayers()));
        }
        CompletableFuture<ServerAddress> address = new CompletableFuture<>();
        post(() -> controller.acquire(new Waiter(pool, route, seats, address)));
        return address;
    }

    /** A player arrived on a server of {@code kind} ({@code route}: its map): claims a reservation if one is outstanding. */
    public void add(String kind, ServerAddress server, String route) throws FleetException {
        report(kind, server, route, true);
    }

    /** A player left. */
    public void del(String kind, ServerAddress server, String route) throws FleetException {
        report(kind, server, route, false);
    }

    /** The address of a server on this machine, as a one-shot report names it by its port. */
    public ServerAddress local(int port) {
        return controller.local(port);
    }

    private void report(String kind, ServerAddress server, String route, boolean arrived) throws FleetException {
        Pool pool = pools.get(kind);
        if (pool == null) {
            throw new FleetException("no " + kind + " servers in this world");
        }
        long now = clock.getAsLong();
        String refused = arrived ? pool.table.claim(server, route, now) : pool.table.release(server, route, now);
        if (refused != null) {
            throw new FleetException(refused);
        }
    }

    /** A server announces itself over {@code link}: completes with its registration, or fails with why it is refused. */
    public CompletableFuture<Registration> register(Request.Register request, ControlLink link) {
        CompletableFuture<Registration> reply = new CompletableFuture<>();
        post(() -> controller.register(request, link, reply));
        return reply;
    }

    /** Any message from a registered server proves it alive. */
    public void heartbeat(Registration registration) {
        post(() -> controller.heartbeat(registration));
    }

    /** A server answered {@code ALLOCATE}: marked allocated ({@code ok}), or refused by its orchestrator. */
    public void allocated(Registration registration, boolean ok) {
        post(() -> controller.allocated(registration, ok));
    }

    /** The control link of a server closed. */
    public void linkClosed(Registration registration) {
        post(() -> controller.linkClosed(registration));
    }

    /** Applies every clock rule; called every {@link #TICK}. */
    public void tick() {
        post(controller::tick);
    }

    /** The fleet at this moment. */
    public CompletableFuture<FleetView> view() {
        return ask(controller::view);
    }

    /** Tells {@code subscriber} of every event from now on, on the fleet's thread; it must not block. */
    public void subscribe(Consumer<FleetEvent> subscriber) {
        post(() -> controller.subscribe(subscriber));
    }

    /**
     * Stops routing. With {@code stopServers}, drains every server and completes once all have exited; without,
     * servers keep running for the next dispatcher to adopt.
     */
    public CompletableFuture<Void> stop(boolean stopServers) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        post(() -> controller.stop(stopServers, done));
        return done;
    }

    /**
     * Drains the server at {@code address} at an operator's request: out of routing at once, told to finish and exit.
     * Completes with its kind, or fails with {@link FleetException} when there is no such server or it is already draining.
     */
    public CompletableFuture<String> drain(ServerAddress address) {
        CompletableFuture<String> reply = new CompletableFuture<>();
        post(() -> controller.drainByOperator(address, reply));
        return reply;
    }

    /** Kills every server still running: the last step of a fleet stop that ran out of time. */
    public void killAll() {
        post(controller::killAll);
    }

    private <T> CompletableFuture<T> ask(java.util.function.Supplier<T> question) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        post(() -> answer.complete(question.get()));
        return answer;
    }

    /** Runs a message on the fleet's thread; one that fails is logged and does not stop the next. */
    private void post(Runnable message) {
        fleetThread.execute(() -> {
            try {
                message.run();
            } catch (RuntimeException e) {
                log.error("fleet message failed", e);
            }
        });
    }
}
