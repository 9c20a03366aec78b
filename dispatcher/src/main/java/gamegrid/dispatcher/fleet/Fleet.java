package gamegrid.dispatcher.fleet;

import gamegrid.protocol.dispatch.Reply;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher's table of battle servers and the allocator around it: least-loaded routing with seat
 * reservations, on-demand and ahead-of-demand launches, readiness, crash and hang detection, idle
 * scale-down and adoption of servers that outlived a dispatcher restart.
 *
 * <p>All state is guarded by this object's monitor; calls are short, and process launches and future
 * completions happen outside it. {@link #tick()} drives every clock-based rule and is called every
 * {@link #TICK} by the owner.
 */
public final class Fleet {
    /** Resolution of every timer in the fleet: reservation expiry, timeouts, idle checks. */
    public static final Duration TICK = Duration.ofMillis(100);

    private static final Logger log = LoggerFactory.getLogger(Fleet.class);

    private final FleetSettings settings;
    private final Launcher launcher;
    private final Executor launchExecutor;
    private final LongSupplier nanoClock;
    private final long epochNanos;
    private final int reservationSlots;

    private final Map<Integer, BattleServerEntry> servers = new HashMap<>();
    /** READY servers only, least loaded first; reordered by {@link #updateLoad} whenever a load changes. */
    private final RoutingHeap routable = new RoutingHeap();
    /** {@code get}s that arrived during the adoption window with nowhere to go yet. */
    private final List<AdoptionWaiter> adoptionWaiters = new ArrayList<>();
    private boolean adopting;
    private boolean stopping;

    /**
     * @param launchExecutor runs process launches, off the caller's (event-loop) thread
     * @param nanoClock      monotonic clock, {@link System#nanoTime} outside tests
     */
    public Fleet(FleetSettings settings, Launcher launcher, Executor launchExecutor, LongSupplier nanoClock) {
        this.settings = settings;
        this.launcher = launcher;
        this.launchExecutor = launchExecutor;
        this.nanoClock = nanoClock;
        this.epochNanos = nanoClock.getAsLong();
        this.reservationSlots = (int) (ceilDiv(settings.reservationTimeout().toNanos(), TICK.toNanos()) + 1);
        this.adopting = !settings.adoptWindow().isZero();
    }

    /** Fills the fleet to its minimum, at once or when the adoption window closes. */
    public void start() {
        List<Runnable> effects = new ArrayList<>();
        synchronized (this) {
            if (!adopting) {
                maintainLocked(effects);
            }
        }
        effects.forEach(Runnable::run);
    }

    /** Reserves one seat: see {@link #acquire(int)}. */
    public CompletableFuture<Integer> acquire() {
        return acquire(1);
    }

    /**
     * Reserves {@code seats} seats together on the least-loaded server with room for them, and completes
     * with its port once that server is ready; fails with {@link FleetException} when the fleet is full,
     * stopping, or a new server did not start.
     */
    public CompletableFuture<Integer> acquire(int seats) {
        if (seats < 1 || seats > settings.maxPlayers()) {
            return CompletableFuture.failedFuture(new FleetException(
                    "a party of " + seats + " does not fit a battle server of " + settings.maxPlayers()));
        }
        List<Runnable> effects = new ArrayList<>();
        CompletableFuture<Integer> result;
        synchronized (this) {
            result = acquireLocked(seats, effects);
        }
        effects.forEach(Runnable::run);
        return result;
    }

    /**
     * The common case of {@link #acquire(int)} without a future: reserves the seats on a ready server
     * that has room now and returns its port, or returns -1 when {@code acquire} must decide (wait for a
     * server, launch one, or refuse).
     */
    public synchronized int tryAcquire(int seats) {
        if (stopping) {
            return -1;
        }
        BattleServerEntry best = reserveOnLeastLoadedLocked(seats, nanoClock.getAsLong());
        return best == null ? -1 : best.port;
    }

    private BattleServerEntry reserveOnLeastLoadedLocked(int seats, long now) {
        BattleServerEntry best = routable.first();
        if (best == null || best.effectiveLoad() > settings.maxPlayers() - seats) {
            return null; // the least loaded has no room, so none has
        }
        updateLoad(best, now, () -> best.reservations.reserve(tick(now), seats));
        return best;
    }

    private CompletableFuture<Integer> acquireLocked(int seats, List<Runnable> effects) {
        if (stopping) {
            return CompletableFuture.failedFuture(new FleetException("dispatcher is stopping"));
        }
        long now = nanoClock.getAsLong();
        BattleServerEntry best = reserveOnLeastLoadedLocked(seats, now);
        if (best != null) {
            return CompletableFuture.completedFuture(best.port);
        }
        int room = settings.maxPlayers() - seats;
        CompletableFuture<Integer> waiter = new CompletableFuture<>();
        if (adopting && servers.isEmpty()) {
            adoptionWaiters.add(new AdoptionWaiter(seats, waiter));
            return waiter;
        }
        BattleServerEntry starting = servers.values().stream()
                .filter(e -> e.state == ServerState.STARTING && e.effectiveLoad() <= room)
                .min(Comparator.comparingInt(e -> e.port))
                .orElseGet(() -> launchLocked(now, effects));
        if (starting == null) {
            return CompletableFuture.failedFuture(new FleetException(
                    "full: " + activeCount() + " battle servers at " + settings.maxPlayers() + " players"));
        }
        starting.reservations.reservePending(seats);
        starting.idleSinceNanos = 0;
        starting.waiters.add(waiter);
        return waiter;
    }

    /** A player joined the server on {@code port}: claims a reservation if one is outstanding. */
    public synchronized void add(int port) throws FleetException {
        BattleServerEntry entry = reportable(port);
        if (entry.load >= settings.maxPlayers()) {
            throw new FleetException("battle server " + port + " is full (" + entry.load + " players)");
        }
        updateLoad(entry, nanoClock.getAsLong(), () -> {
            entry.load++;
            entry.reservations.claimOldest();
        });
    }

    /** A player left the server on {@code port}. */
    public synchronized void del(int port) throws FleetException {
        BattleServerEntry entry = reportable(port);
        if (entry.load == 0) {
            throw new FleetException("battle server " + port + " has no players");
        }
        updateLoad(entry, nanoClock.getAsLong(), () -> entry.load--);
    }

    private BattleServerEntry reportable(int port) throws FleetException {
        BattleServerEntry entry = servers.get(port);
        if (entry == null) {
            throw new FleetException("unknown port " + port);
        }
        if (entry.state == ServerState.STARTING) {
            throw new FleetException("battle server " + port + " has not registered yet");
        }
        return entry;
    }

    /**
     * A battle server announces itself over {@code link} with its current load: a server this fleet
     * launched becomes ready, one that outlived a dispatcher restart is adopted.
     */
    public void register(int port, int load, long pid, ControlLink link) throws FleetException {
        List<Runnable> effects = new ArrayList<>();
        synchronized (this) {
            registerLocked(port, load, pid, link, effects);
        }
        effects.forEach(Runnable::run);
    }

    private void registerLocked(int port, int load, long pid, ControlLink link, List<Runnable> effects)
            throws FleetException {
        if (load > settings.maxPlayers()) {
            throw new FleetException("load " + load + " is above the cap of " + settings.maxPlayers());
        }
        long now = nanoClock.getAsLong();
        BattleServerEntry entry = servers.get(port);
        if (entry == null) {
            entry = adoptLocked(port, pid, now);
        } else if (entry.link != null && entry.link.isOpen()) {
            throw new FleetException("port " + port + " is already registered");
        } else if (entry.process != null && entry.process.pid() != pid) {
            throw new FleetException("port " + port + " belongs to pid " + entry.process.pid());
        } else if (entry.state == ServerState.STARTING && entry.process == null) {
            throw new FleetException("port " + port + " is still being launched");
        }
        BattleServerEntry ready = entry;
        ServerState previous = ready.state;
        ready.link = link;
        ready.lastSeenNanos = now;
        if (previous == ServerState.DRAINING) {
            effects.add(link::drain);
            ready.load = load;
            return;
        }
        ready.state = ServerState.READY;
        updateLoad(ready, now, () -> {
            ready.load = load;
            ready.reservations.activatePending(tick(now));
        });
        List<CompletableFuture<Integer>> waiters = List.copyOf(ready.waiters);
        ready.waiters.clear();
        effects.add(() -> waiters.forEach(w -> w.complete(port)));
        if (previous == ServerState.STARTING) {
            log.info("battle server ready port={} pid={} startMs={} waiting={}", port, pid,
                    TimeUnit.NANOSECONDS.toMillis(now - ready.startedNanos), waiters.size());
        } else {
            log.info("battle server registered port={} pid={} load={} was={}", port, pid, load, previous);
        }
    }

    private BattleServerEntry adoptLocked(int port, long pid, long now) throws FleetException {
        if (stopping) {
            throw new FleetException("dispatcher is stopping");
        }
        BattleProcess process = launcher.adopt(pid)
                .orElseThrow(() -> new FleetException("no running process with pid " + pid));
        BattleServerEntry entry = new BattleServerEntry(port, ServerState.UNRESPONSIVE, reservationSlots, now);
        entry.process = process;
        servers.put(port, entry);
        process.exited().thenAccept(status -> exited(entry, status));
        if (activeCount() > settings.maxServers()) {
            log.warn("adopted battle server port={} pid={} takes the fleet past fleet.max-servers={}",
                    port, pid, settings.maxServers());
        }
        return entry;
    }

    /** Any message from a registered server proves it alive. */
    public synchronized void heartbeat(int port, ControlLink link) {
        BattleServerEntry entry = servers.get(port);
        if (entry == null || entry.link != link) {
            return;
        }
        long now = nanoClock.getAsLong();
        entry.lastSeenNanos = now;
        if (entry.state == ServerState.UNRESPONSIVE) {
            log.info("battle server responds again port={} pid={}", port, entry.pid());
            entry.state = ServerState.READY;
            updateLoad(entry, now, () -> { });
        }
    }

    /** The control link of a server closed: it leaves routing until it registers again or its process ends. */
    public synchronized void linkClosed(int port, ControlLink link) {
        BattleServerEntry entry = servers.get(port);
        if (entry == null || entry.link != link) {
            return;
        }
        entry.link = null;
        if (entry.state == ServerState.READY) {
            routable.remove(entry);
            entry.state = ServerState.UNRESPONSIVE;
            log.warn("battle server control link lost port={} pid={} load={}", port, entry.pid(), entry.load);
        }
    }

    private void exited(BattleServerEntry entry, String status) {
        List<CompletableFuture<Integer>> waiters;
        List<Runnable> effects = new ArrayList<>();
        synchronized (this) {
            if (servers.get(entry.port) != entry) {
                return;
            }
            removeLocked(entry);
            waiters = List.copyOf(entry.waiters);
            entry.waiters.clear();
            if (entry.state == ServerState.DRAINING || stopping) {
                log.info("battle server stopped port={} pid={} status={}", entry.port, entry.pid(), status);
            } else {
                log.warn("battle server died port={} pid={} status={} state={} load={} reserved={}", entry.port,
                        entry.pid(), status, entry.state, entry.load, entry.reservations.count());
            }
            maintainLocked(effects);
        }
        FleetException failure = new FleetException("battle server " + entry.port + " exited before it was ready");
        waiters.forEach(w -> w.completeExceptionally(failure));
        effects.forEach(Runnable::run);
    }

    /** Applies every clock rule: expiry, start and heartbeat timeouts, drain deadlines, scale-down, spares. */
    public void tick() {
        List<Runnable> effects = new ArrayList<>();
        synchronized (this) {
            tickLocked(effects);
        }
        effects.forEach(Runnable::run);
    }

    private void tickLocked(List<Runnable> effects) {
        long now = nanoClock.getAsLong();
        if (adopting && now - epochNanos >= settings.adoptWindow().toNanos()) {
            adopting = false;
            log.info("adoption window closed servers={}", servers.size());
            List<AdoptionWaiter> waiting = List.copyOf(adoptionWaiters);
            adoptionWaiters.clear();
            for (AdoptionWaiter waiter : waiting) {
                CompletableFuture<Integer> placed = acquireLocked(waiter.seats(), effects);
                effects.add(() -> placed.whenComplete((port, error) -> complete(waiter.future(), port, error)));
            }
        }
        for (BattleServerEntry entry : List.copyOf(servers.values())) {
            switch (entry.state) {
                case READY -> {
                    updateLoad(entry, now, () -> entry.reservations.advance(tick(now)));
                    if (now - entry.lastSeenNanos > settings.heartbeatTimeout().toNanos()) {
                        routable.remove(entry);
                        entry.state = ServerState.UNRESPONSIVE;
                        log.warn("battle server silent, out of routing port={} pid={} silentMs={}", entry.port,
                                entry.pid(), TimeUnit.NANOSECONDS.toMillis(now - entry.lastSeenNanos));
                    }
                }
                case STARTING -> {
                    if (now - entry.startedNanos > settings.startTimeout().toNanos()) {
                        giveUpStartLocked(entry, effects);
                    }
                }
                case DRAINING -> {
                    if (now - entry.drainingSinceNanos > settings.drainTimeout().toNanos() && entry.process != null) {
                        log.warn("battle server did not finish draining, killing port={} pid={}", entry.port, entry.pid());
                        effects.add(entry.process::kill);
                    }
                }
                case UNRESPONSIVE -> {
                    entry.reservations.advance(tick(now));
                    // The JDK learns of an adopted (non-child) process's end only by slow polling; a dropped
                    // link plus a liveness check each tick finds a crash within a tick or two.
                    if (entry.link == null && entry.process != null && !entry.process.isAlive()) {
                        effects.add(() -> exited(entry, "ended after its control link closed"));
                    }
                }
            }
        }
        scaleDownLocked(now, effects);
        maintainLocked(effects);
    }

    private void giveUpStartLocked(BattleServerEntry entry, List<Runnable> effects) {
        log.warn("battle server did not register within {}ms, giving up port={} pid={}",
                settings.startTimeout().toMillis(), entry.port, entry.pid());
        removeLocked(entry);
        List<CompletableFuture<Integer>> waiters = List.copyOf(entry.waiters);
        entry.waiters.clear();
        FleetException failure = new FleetException("battle server " + entry.port + " did not start in time");
        effects.add(() -> waiters.forEach(w -> w.completeExceptionally(failure)));
        if (entry.process != null) {
            effects.add(entry.process::kill);
        }
    }

    /** Drains one server that has been empty past the idle timeout, if the fleet can spare it. */
    private void scaleDownLocked(long now, List<Runnable> effects) {
        if (adopting || stopping || activeCount() <= settings.minServers()) {
            return;
        }
        int freeAfter = freeSeats() - settings.maxPlayers();
        if (settings.spareHighWater() > 0 && freeAfter < settings.spareHighWater()) {
            return;
        }
        routable.stream()
                .filter(e -> e.effectiveLoad() == 0 && e.idleSinceNanos != 0
                        && now - e.idleSinceNanos >= settings.idleTimeout().toNanos())
                .max(Comparator.comparingInt(e -> e.port))
                .ifPresent(e -> {
                    log.info("battle server idle, draining port={} pid={} idleMs={}", e.port, e.pid(),
                            TimeUnit.NANOSECONDS.toMillis(now - e.idleSinceNanos));
                    drainLocked(e, now, effects);
                });
    }

    private void drainLocked(BattleServerEntry entry, long now, List<Runnable> effects) {
        routable.remove(entry);
        entry.state = ServerState.DRAINING;
        entry.drainingSinceNanos = now;
        ControlLink link = entry.link;
        if (link != null) {
            effects.add(link::drain);
        } else if (entry.process != null) {
            effects.add(entry.process::terminate);
        }
    }

    /** Keeps the minimum fleet, and starts warm spares when free seats fall below the high-water mark. */
    private void maintainLocked(List<Runnable> effects) {
        if (adopting || stopping) {
            return;
        }
        long now = nanoClock.getAsLong();
        int free = freeSeats();
        int startingAhead = (int) servers.values().stream()
                .filter(e -> e.state == ServerState.STARTING && e.waiters.isEmpty()).count();
        while (activeCount() < settings.maxServers()) {
            boolean belowMinimum = activeCount() < settings.minServers();
            boolean belowHighWater = settings.spareHighWater() > 0 && free < settings.spareHighWater()
                    && startingAhead < settings.warmSpares();
            if (!belowMinimum && !belowHighWater) {
                return;
            }
            if (launchLocked(now, effects) == null) {
                return;
            }
            free += settings.maxPlayers();
            startingAhead++;
        }
    }

    /** Claims the next free port and launches a server on it, off this thread; null when none can be had. */
    private BattleServerEntry launchLocked(long now, List<Runnable> effects) {
        if (activeCount() >= settings.maxServers()) {
            return null;
        }
        int port = settings.firstPort();
        while (port <= 65_535 && (servers.containsKey(port) || !launcher.portFree(port))) {
            port++;
        }
        if (port > 65_535) {
            log.error("no free port at or above {} for a battle server", settings.firstPort());
            return null;
        }
        BattleServerEntry entry = new BattleServerEntry(port, ServerState.STARTING, reservationSlots, now);
        servers.put(port, entry);
        effects.add(() -> launchExecutor.execute(() -> launch(entry)));
        return entry;
    }

    private void launch(BattleServerEntry entry) {
        BattleProcess process;
        try {
            process = launcher.launch(entry.port);
        } catch (IOException | RuntimeException e) {
            log.error("could not launch battle server port={}: {}", entry.port, e.toString());
            exited(entry, "not started: " + e.getMessage());
            return;
        }
        boolean abandoned;
        synchronized (this) {
            entry.process = process;
            abandoned = servers.get(entry.port) != entry;
        }
        log.info("spawned battle server port={} pid={}", entry.port, process.pid());
        if (abandoned) {
            process.kill();
        }
        process.exited().thenAccept(status -> exited(entry, status));
    }

    /** Changes what an entry's routing order depends on, keeping the index and idle clock in step. */
    private void updateLoad(BattleServerEntry entry, long now, Runnable change) {
        boolean indexed = routable.contains(entry);
        change.run();
        if (entry.state == ServerState.READY) {
            if (indexed) {
                routable.update(entry);
            } else {
                routable.add(entry);
            }
        } else if (indexed) {
            routable.remove(entry);
            throw new IllegalStateException("a server out of READY was routable: " + entry.port);
        }
        if (entry.effectiveLoad() > 0) {
            entry.idleSinceNanos = 0;
        } else if (entry.idleSinceNanos == 0) {
            entry.idleSinceNanos = now;
        }
    }

    private void removeLocked(BattleServerEntry entry) {
        servers.remove(entry.port);
        routable.remove(entry);
    }

    /** Servers that count towards the limits: everything but those on their way out. */
    private int activeCount() {
        return (int) servers.values().stream().filter(e -> e.state != ServerState.DRAINING).count();
    }

    private int freeSeats() {
        int free = 0;
        for (BattleServerEntry e : servers.values()) {
            if (e.state == ServerState.READY || e.state == ServerState.STARTING) {
                free += Math.max(0, settings.maxPlayers() - e.effectiveLoad());
            }
        }
        return free;
    }

    /** Every server with its load, reservations and state, by port. */
    public synchronized List<Reply.ServerRow> snapshot() {
        return servers.values().stream()
                .sorted(Comparator.comparingInt(e -> e.port))
                .map(e -> new Reply.ServerRow(e.port, e.state.name(), e.load, e.reservations.count(), e.pid()))
                .toList();
    }

    /**
     * Stops routing. With {@code stopServers}, drains every server and completes once all have exited,
     * killing any still running after the drain timeout; without it, servers keep running for the next
     * dispatcher to adopt.
     */
    public CompletableFuture<Void> stop(boolean stopServers) {
        List<Runnable> effects = new ArrayList<>();
        List<CompletableFuture<Integer>> waiters = new ArrayList<>();
        List<CompletableFuture<String>> exits = new ArrayList<>();
        synchronized (this) {
            stopping = true;
            adoptionWaiters.forEach(w -> waiters.add(w.future()));
            adoptionWaiters.clear();
            long now = nanoClock.getAsLong();
            for (BattleServerEntry entry : List.copyOf(servers.values())) {
                waiters.addAll(entry.waiters);
                entry.waiters.clear();
                if (!stopServers) {
                    continue;
                }
                if (entry.process != null) {
                    exits.add(entry.process.exited());
                }
                if (entry.state == ServerState.STARTING && entry.process != null) {
                    effects.add(entry.process::terminate);
                    routable.remove(entry);
                    entry.state = ServerState.DRAINING;
                } else if (entry.state != ServerState.DRAINING) {
                    drainLocked(entry, now, effects);
                }
            }
        }
        FleetException stoppingFailure = new FleetException("dispatcher is stopping");
        waiters.forEach(w -> w.completeExceptionally(stoppingFailure));
        effects.forEach(Runnable::run);
        return CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new));
    }

    /** Kills every server still running: the last step of a fleet stop that ran out of time. */
    public void killAll() {
        List<BattleProcess> processes;
        synchronized (this) {
            processes = servers.values().stream().map(e -> e.process).filter(p -> p != null).toList();
        }
        processes.forEach(BattleProcess::kill);
    }

    /** A {@code get} that came during the adoption window with nowhere to go yet. */
    private record AdoptionWaiter(int seats, CompletableFuture<Integer> future) {
    }

    private long tick(long nowNanos) {
        return (nowNanos - epochNanos) / TICK.toNanos();
    }

    private static void complete(CompletableFuture<Integer> waiter, Integer port, Throwable error) {
        if (error != null) {
            waiter.completeExceptionally(error);
        } else {
            waiter.complete(port);
        }
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
