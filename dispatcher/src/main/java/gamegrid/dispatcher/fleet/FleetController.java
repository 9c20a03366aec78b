package gamegrid.dispatcher.fleet;

import gamegrid.protocol.dispatch.Request;
import gamegrid.protocol.link.ServerExit;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything about the fleet except the hot path: each server's life (launch, registration, heartbeat,
 * link loss, exit, drain), crash-loop backoff, scaling, adoption after a restart, the roster, and stop.
 *
 * <p>Every method runs on the fleet's one thread (the {@code self} executor): outside events arrive as
 * messages posted there by {@link Fleet}, and launches and process exits report back the same way. So
 * nothing here is locked, and nothing here blocks a caller: processes start on the launch executor.
 * What event loops touch directly, players and reserved seats, lives in each pool's {@link RoutingTable}.
 */
final class FleetController {
    private static final Logger log = LoggerFactory.getLogger(FleetController.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PORT_TAKEN = ServerExit.describe(ServerExit.PORT_TAKEN);
    /** Port races are retried at once this many times in a row; past that they count as failed starts. */
    private static final int MAX_PORTS_TAKEN_IN_A_ROW = 3;

    private final FleetConfig config;
    private final Map<String, Pool> pools;
    private final Launcher launcher;
    private final Executor launchExecutor;
    private final Executor self;
    private final LongSupplier clock;
    private final long epochNanos;
    private final byte[] worldSecret;
    private final Roster roster;
    /** The host written for servers on this machine (the dispatcher's advertised host). */
    private final String localHost;

    private final Map<ServerAddress, ServerEntry> servers = new HashMap<>();
    private final Map<Integer, Roster.Entry> rosterEntries = new TreeMap<>();
    /** Ports on the roster of an earlier dispatcher whose servers have not registered again yet. */
    private final Set<ServerAddress> expected = new HashSet<>();
    /** Requests that came during the adoption window with nowhere to go yet. */
    private final List<Waiter> adoptionWaiters = new ArrayList<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final List<Consumer<FleetEvent>> subscribers = new ArrayList<>();
    private boolean adopting;
    private volatile boolean stopping;
    private boolean stopServers;
    private CompletableFuture<Void> stopped;

    FleetController(FleetConfig config, Map<String, Pool> pools, Launcher launcher, Executor launchExecutor,
                    Executor self, LongSupplier clock, long epochNanos, String worldSecret, String localHost) {
        this.config = config;
        this.pools = pools;
        this.launcher = launcher;
        this.launchExecutor = launchExecutor;
        this.self = self;
        this.clock = clock;
        this.epochNanos = epochNanos;
        this.worldSecret = worldSecret.getBytes(StandardCharsets.UTF_8);
        this.roster = new Roster(config.rosterFile());
        this.localHost = localHost;
    }

    boolean stopping() {
        return stopping;
    }

    CompletableFuture<Void> ready() {
        return ready;
    }

    // --- Start and adoption -----------------------------------------------------------------------

    /** Takes back the servers an earlier dispatcher listed, then fills each pool to its minimum. */
    void start() {
        long now = clock.getAsLong();
        for (Roster.Entry line : roster.read()) {
            Pool pool = pools.get(line.kind());
            Optional<ServerProcess> process = pool == null ? Optional.empty() : launcher.adopt(line);
            if (process.isEmpty()) {
                log.info("roster: {} server port={} pid={} is gone", line.kind(), line.port(), line.pid());
                continue;
            }
            List<String> routes = line.routes().isEmpty() ? List.of("") : line.routes();
            ServerEntry entry = new ServerEntry(pool, local(line.port()), routes, line.credential(), ServerState.STARTING, now);
            entry.process = process.get();
            entry.adopted = true;
            add(entry);
            rosterEntries.put(line.port(), line);
            expected.add(entry.address);
            watchExit(entry);
        }
        roster.write(rosterEntries.values());
        adopting = !expected.isEmpty() && !config.adoptWindow().isZero();
        if (adopting) {
            log.info("waiting up to {}ms for {} servers of the previous dispatcher to register again",
                    config.adoptWindow().toMillis(), expected.size());
        }
        maintain(now);
        checkReady();
    }

    private void endAdoption() {
        adopting = false;
        log.info("adoption over: {} servers known, {} did not come back yet", servers.size(), expected.size());
        List<Waiter> waiting = List.copyOf(adoptionWaiters);
        adoptionWaiters.clear();
        waiting.forEach(this::place);
    }

    // --- Requests -----------------------------------------------------------------------------------

    /** A request the routing table could not place at once: reserve now, wait for a starting server, launch one, or refuse. */
    void acquire(Waiter waiter) {
        if (stopping) {
            waiter.address().completeExceptionally(new FleetException("dispatcher is stopping"));
            return;
        }
        ServerAddress address = waiter.pool().table.tryReserve(waiter.route(), waiter.seats(), tick(clock.getAsLong()));
        if (address != null) {
            waiter.address().complete(address);
        } else if (adopting) {
            adoptionWaiters.add(waiter);
        } else {
            place(waiter);
        }
    }

    private void place(Waiter waiter) {
        Pool pool = waiter.pool();
        long now = clock.getAsLong();
        ServerAddress address = pool.table.tryReserve(waiter.route(), waiter.seats(), tick(now));
        if (address != null) {
            waiter.address().complete(address);
            return;
        }
        ServerEntry starting = servers.values().stream()
                .filter(e -> e.pool == pool && (e.state == ServerState.STARTING || e.state == ServerState.STANDBY)
                        && e.routes.contains(waiter.route()))
                .sorted(Comparator.comparingInt(e -> e.port))
                .filter(e -> pool.table.reservePending(e.address, waiter.route(), waiter.seats()))
                .findFirst()
                .orElse(null);
        if (starting == null) {
            if (!pool.backoff.mayLaunch(now)) {
                waiter.address().completeExceptionally(new FleetException(pool.kind() + " servers are failing to start ("
                        + pool.backoff.cause() + "); next attempt in " + pool.backoff.millisUntilNextAttempt(now) + "ms"));
                return;
            }
            starting = launch(pool, waiter.route(), now);
            if (starting == null) {
                waiter.address().completeExceptionally(new FleetException("full: " + active(pool) + " " + pool.kind()
                        + " servers at " + pool.config.maxPlayers() + " players"
                        + (pool.config.launchLocal() ? "" : " (this dispatcher launches none)")));
                return;
            }
            pool.table.reservePending(starting.address, waiter.route(), waiter.seats());
        }
        starting.waiters.add(waiter);
        if (starting.state == ServerState.STANDBY && !starting.allocating) {
            askToAllocate(starting, now);
        }
    }

    private static void askToAllocate(ServerEntry entry, long now) {
        entry.allocating = true;
        entry.allocatingSinceNanos = now;
        entry.link.allocate();
    }

    /** A standby server answered {@code ALLOCATE}: it takes players now, or it will not take these. */
    void allocated(Registration registration, boolean ok) {
        ServerEntry entry = servers.get(registration.address());
        if (entry == null || entry.link != registration.link() || !entry.allocating) {
            return;
        }
        entry.allocating = false;
        long now = clock.getAsLong();
        if (!ok) {
            log.warn("{} could not be marked allocated; its waiting requests are refused", entry);
            entry.pool.table.dropPending(entry.address, now);
            failWaiters(entry, entry + " could not be allocated");
            return;
        }
        entry.allocated = true;
        entry.state = ServerState.READY;
        entry.pool.table.activatePending(entry.address, tick(now), now);
        entry.pool.table.open(entry.address);
        List<Waiter> waiters = List.copyOf(entry.waiters);
        entry.waiters.clear();
        waiters.forEach(w -> w.address().complete(entry.address));
        log.info("{} allocated, routed to now waiting={}", entry, waiters.size());
        emit(FleetEvent.Type.READY, entry, 0, "allocated");
    }

    // --- Launches and exits -------------------------------------------------------------------------

    /** Claims the next free port and launches a server there, off this thread; null when none can be had. */
    private ServerEntry launch(Pool pool, String route, long now) {
        if (!pool.config.launchLocal() || active(pool) >= pool.config.maxServers()) {
            return null;
        }
        int port = pool.config.firstPort();
        while (port <= 65_535 && (servers.containsKey(local(port)) || !launcher.portFree(port))) {
            port++;
        }
        if (port > 65_535) {
            log.error("no free port at or above {} for a {} server", pool.config.firstPort(), pool.kind());
            return null;
        }
        List<String> routes = pool.config.routed() ? routesFor(pool, route) : List.of("");
        String credential = HexFormat.of().formatHex(randomBytes());
        ServerEntry entry = new ServerEntry(pool, local(port), routes, credential, ServerState.STARTING, now);
        entry.launching = true;
        add(entry);
        launchExecutor.execute(() -> {
            try {
                ServerProcess process = launcher.launch(pool.config, entry.port, routes, credential);
                self.execute(() -> launched(entry, process));
            } catch (Exception e) {
                self.execute(() -> launchFailed(entry, "could not execute: " + e.getMessage()));
            }
        });
        return entry;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** The map asked for first, then the maps with the fewest instances, up to the maps one process hosts. */
    private List<String> routesFor(Pool pool, String first) {
        Map<String, Long> instances = new HashMap<>();
        servers.values().stream().filter(e -> e.pool == pool).flatMap(e -> e.routes.stream())
                .forEach(r -> instances.merge(r, 1L, Long::sum));
        List<String> routes = new ArrayList<>(List.of(first));
        pool.config.routes().stream()
                .filter(r -> !r.equals(first))
                .sorted(Comparator.comparingLong(r -> instances.getOrDefault(r, 0L)))
                .filter(r -> instances.getOrDefault(r, 0L) == 0)
                .limit(pool.config.routesPerServer() - 1L)
                .forEach(routes::add);
        return routes;
    }

    private void launched(ServerEntry entry, ServerProcess process) {
        entry.launching = false;
        entry.process = process;
        Roster.Entry line = new Roster.Entry(entry.kind(), entry.port, process.pid(),
                ProcessLauncher.startMillis(process.pid()), entry.credential,
                entry.routes.stream().filter(r -> !r.isEmpty()).toList());
        rosterEntries.put(entry.port, line);
        roster.write(rosterEntries.values());
        log.info("launched {} server port={} pid={} routes={}", entry.kind(), entry.port, process.pid(), entry.routes);
        emit(FleetEvent.Type.LAUNCHED, entry, 0, String.join(",", entry.routes));
        watchExit(entry);
        if (entry.state == ServerState.DRAINING) {
            process.terminate(); // stopped while it was being launched: it has no players yet
        }
    }

    private void watchExit(ServerEntry entry) {
        entry.process.exited().thenAccept(status -> self.execute(() -> exited(entry, status)));
    }

    private void launchFailed(ServerEntry entry, String cause) {
        entry.launching = false;
        if (servers.get(entry.address) == entry) {
            remove(entry);
            failWaiters(entry, entry + " " + cause);
            emit(FleetEvent.Type.CRASHED, entry, 0, cause);
            if (!stopping) {
                failedStart(entry, cause);
            }
        }
        afterChange();
    }

    private void exited(ServerEntry entry, String status) {
        if (!entry.external() && rosterEntries.containsKey(entry.port) && rosterEntries.get(entry.port).pid() == entry.pid()) {
            rosterEntries.remove(entry.port);
            roster.write(rosterEntries.values());
        }
        if (servers.get(entry.address) == entry) {
            remove(entry);
            boolean asked = entry.state == ServerState.DRAINING || stopping;
            emit(asked ? FleetEvent.Type.STOPPED : FleetEvent.Type.CRASHED, entry, 0, status);
            boolean failedStart = entry.state == ServerState.STARTING && !entry.adopted && !stopping;
            if (failedStart && status.equals(PORT_TAKEN) && entry.pool.portsTakenInARow++ < MAX_PORTS_TAKEN_IN_A_ROW) {
                // Another program took the port between the probe and the bind: not the server's fault, and
                // the next launch probes past it. Its waiting requests go to another server instead of failing.
                log.warn("{} found its port taken, launching on another", entry);
                List<Waiter> waiters = List.copyOf(entry.waiters);
                entry.waiters.clear();
                waiters.forEach(this::place);
            } else if (failedStart) {
                failWaiters(entry, entry + " exited before it was ready (" + status + ")");
                failedStart(entry, status);
            } else if (asked) {
                log.info("{} server stopped port={} pid={} status={}", entry.kind(), entry.port, entry.pid(), status);
            } else {
                failWaiters(entry, entry + " exited before it was ready (" + status + ")");
                log.warn("{} server died port={} pid={} status={} state={} loads={}", entry.kind(), entry.port,
                        entry.pid(), status, entry.state, entry.pool.table.loads(entry.address));
            }
        }
        afterChange();
    }

    // --- Registration and the control link ----------------------------------------------------------

    /** A server announces itself over {@code link}; the reply is the registration or why it is refused. */
    void register(Request.Register request, ControlLink link, CompletableFuture<Registration> reply) {
        try {
            reply.complete(registerOrThrow(request, link));
        } catch (FleetException e) {
            reply.completeExceptionally(e);
        }
    }

    private Registration registerOrThrow(Request.Register request, ControlLink link) throws FleetException {
        Pool pool = pools.get(request.kind());
        if (pool == null) {
            throw new FleetException("unknown kind of server: " + request.kind());
        }
        List<String> routes = routesOf(pool, request);
        if (request.load() > (long) pool.config.maxPlayers() * routes.size()) {
            throw new FleetException("load " + request.load() + " is above the cap of " + pool.config.maxPlayers());
        }
        boolean world = MessageDigest.isEqual(worldSecret, request.credential().getBytes(StandardCharsets.UTF_8));
        long now = clock.getAsLong();
        ServerAddress address = new ServerAddress(request.host().isEmpty() ? localHost : request.host(), request.port());
        ServerEntry known = servers.get(address);
        ServerEntry entry = known;
        if (known == null) {
            if (stopping) {
                throw new FleetException("dispatcher is stopping");
            }
            if (!world) {
                throw new FleetException("forbidden: unknown credential for " + pool.kind() + " server " + request.port());
            }
            entry = new ServerEntry(pool, address, routes, null, ServerState.UNRESPONSIVE, now);
            add(entry);
            log.info("{} server registered that this dispatcher did not launch port={}: routed, never signalled",
                    pool.kind(), request.port());
        } else {
            checkClaim(known, pool, request, routes, world);
        }
        return accept(entry, request, link, now);
    }

    private Registration accept(ServerEntry entry, Request.Register request, ControlLink link, long now) {
        Pool pool = entry.pool;
        ServerState previous = entry.state;
        entry.link = link;
        entry.lastSeenNanos = now;
        expected.remove(entry.address);
        Map<String, Integer> loads = pool.config.routed() ? request.routes() : Map.of("", request.load());
        pool.table.registered(entry.address, loads, tick(now), now);
        // A dispatcher that launches none of a kind asks an empty server to mark itself allocated (under
        // Agones, so the autoscaler never removes it) before sending it players; one with players already is.
        entry.allocated |= pool.config.launchLocal() || request.load() > 0;
        if (previous == ServerState.DRAINING) {
            link.drain();
        } else if (!entry.allocated) {
            entry.state = ServerState.STANDBY;
            entry.allocating = false;
            log.info("{} registered, standing by until allocated pid={}", entry, request.pid());
            emit(FleetEvent.Type.ADOPTED, entry, 0, "standby");
            if (!entry.waiters.isEmpty()) {
                askToAllocate(entry, now);
            }
        } else {
            entry.state = ServerState.READY;
            pool.table.open(entry.address);
            if (previous == ServerState.STARTING && !entry.adopted) {
                pool.backoff.succeeded();
                pool.portsTakenInARow = 0;
            }
            List<Waiter> waiters = List.copyOf(entry.waiters);
            entry.waiters.clear();
            waiters.forEach(w -> w.address().complete(entry.address));
            long startMillis = TimeUnit.NANOSECONDS.toMillis(now - entry.startedNanos);
            log.info("{} server ready port={} pid={} was={} loads={} startMs={} waiting={}", pool.kind(), entry.port,
                    request.pid(), previous, loads, startMillis, waiters.size());
            boolean launchedHere = previous == ServerState.STARTING && !entry.adopted;
            emit(launchedHere ? FleetEvent.Type.READY : FleetEvent.Type.ADOPTED, entry, launchedHere ? startMillis : 0,
                    "was " + previous);
        }
        if (adopting && expected.isEmpty()) {
            endAdoption();
        }
        checkReady();
        return new Registration(pool.kind(), entry.address, link);
    }

    /** Only the holder of a slot's credential may take it, and never while the slot's live link is open. */
    private static void checkClaim(ServerEntry entry, Pool pool, Request.Register request, List<String> routes,
                                   boolean world) throws FleetException {
        if (entry.pool != pool) {
            throw new FleetException("forbidden: port " + entry.port + " is a " + entry.kind() + " server");
        }
        boolean owner = entry.external() ? world
                : MessageDigest.isEqual(entry.credential.getBytes(StandardCharsets.UTF_8),
                        request.credential().getBytes(StandardCharsets.UTF_8));
        if (!owner) {
            throw new FleetException("forbidden: wrong credential for " + entry);
        }
        if (entry.link != null && entry.link.isOpen()) {
            if (entry.state != ServerState.UNRESPONSIVE) {
                throw new FleetException("port " + entry.port + " is already registered");
            }
            // The old link went silent (a cut cable leaves it half-open): the server's new link replaces it.
            entry.link.close();
        }
        if (!new HashSet<>(routes).equals(new HashSet<>(entry.routes))) {
            throw new FleetException("forbidden: " + entry + " was launched for " + entry.routes + ", not " + routes);
        }
    }

    private static List<String> routesOf(Pool pool, Request.Register request) throws FleetException {
        if (!pool.config.routed()) {
            if (!request.routes().isEmpty()) {
                throw new FleetException(pool.kind() + " servers host no maps");
            }
            return List.of("");
        }
        if (request.routes().isEmpty()) {
            throw new FleetException("a " + pool.kind() + " server must list the maps it hosts");
        }
        for (String route : request.routes().keySet()) {
            if (!pool.config.routes().contains(route)) {
                throw new FleetException("unknown map " + route);
            }
        }
        return List.copyOf(new TreeMap<>(request.routes()).keySet());
    }

    /** Any message from a registered server proves it alive. */
    void heartbeat(Registration registration) {
        ServerEntry entry = servers.get(registration.address());
        if (entry == null || entry.link != registration.link()) {
            return;
        }
        entry.lastSeenNanos = clock.getAsLong();
        if (entry.state == ServerState.UNRESPONSIVE) {
            log.info("{} responds again pid={}", entry, entry.pid());
            entry.state = entry.allocated ? ServerState.READY : ServerState.STANDBY;
            if (entry.allocated) {
                entry.pool.table.open(entry.address);
            }
            checkReady();
        }
    }

    /** A server's control link closed: it leaves routing until it registers again or its process ends. */
    void linkClosed(Registration registration) {
        ServerEntry entry = servers.get(registration.address());
        if (entry == null || entry.link != registration.link()) {
            return;
        }
        entry.link = null;
        if (entry.state == ServerState.READY || entry.state == ServerState.STANDBY) {
            outOfRouting(entry);
            log.warn("{} control link lost pid={} loads={}", entry, entry.pid(), entry.pool.table.loads(entry.address));
            emit(FleetEvent.Type.UNRESPONSIVE, entry, 0, "control link lost");
        }
    }

    // --- The clock ----------------------------------------------------------------------------------

    /** Applies every clock rule: expiry, start and heartbeat timeouts, drain deadlines, scale-down, spares. */
    void tick() {
        long now = clock.getAsLong();
        if (adopting && now - epochNanos >= config.adoptWindow().toNanos()) {
            endAdoption();
        }
        for (Pool pool : pools.values()) {
            pool.table.advance(tick(now), now);
        }
        for (ServerEntry entry : List.copyOf(servers.values())) {
            KindConfig kind = entry.pool.config;
            switch (entry.state) {
                case READY, STANDBY -> {
                    if (entry.allocating && now - entry.allocatingSinceNanos > kind.startTimeout().toNanos()) {
                        // Its orchestrator never answered: the requests go to another server, this one stands by.
                        log.warn("{} did not answer ALLOCATE within {}ms", entry, kind.startTimeout().toMillis());
                        entry.allocating = false;
                        entry.pool.table.dropPending(entry.address, now);
                        List<Waiter> waiters = List.copyOf(entry.waiters);
                        entry.waiters.clear();
                        waiters.forEach(w -> w.address().completeExceptionally(
                                new FleetException(entry + " did not answer ALLOCATE in time")));
                    }
                    if (now - entry.lastSeenNanos > kind.heartbeatTimeout().toNanos()) {
                        outOfRouting(entry);
                        long silent = TimeUnit.NANOSECONDS.toMillis(now - entry.lastSeenNanos);
                        log.warn("{} silent, out of routing pid={} silentMs={}", entry, entry.pid(), silent);
                        emit(FleetEvent.Type.UNRESPONSIVE, entry, silent, "silent");
                    }
                }
                case STARTING -> {
                    if (!entry.launching && now - entry.startedNanos > kind.startTimeout().toNanos()) {
                        giveUpStart(entry, now);
                    }
                }
                case DRAINING -> {
                    if (now - entry.drainingSinceNanos > kind.drainTimeout().toNanos()) {
                        if (entry.process != null) {
                            log.warn("{} did not finish draining, killing pid={}", entry, entry.pid());
                            entry.process.kill();
                        } else if (entry.external()) {
                            remove(entry);
                        }
                    }
                }
                case UNRESPONSIVE -> {
                    // The JDK learns of an adopted (non-child) process's end only by slow polling; a dropped
                    // link plus a liveness check each tick finds a crash within a tick or two.
                    if (entry.link == null && entry.process != null && !entry.process.isAlive()) {
                        exited(entry, "ended after its control link closed");
                    } else if (entry.external() && entry.link == null
                            && now - entry.lastSeenNanos > kind.heartbeatTimeout().toNanos()) {
                        log.warn("{} (not launched here) gone silent, forgotten", entry);
                        remove(entry);
                    }
                }
            }
        }
        scaleDown(now);
        maintain(now);
        checkReady();
    }

    /** Silent or its link lost: no more players go there until it speaks again; nobody waits for its allocation. */
    private void outOfRouting(ServerEntry entry) {
        entry.pool.table.close(entry.address);
        entry.state = ServerState.UNRESPONSIVE;
        if (entry.allocating) {
            entry.allocating = false;
            entry.pool.table.dropPending(entry.address, clock.getAsLong());
            failWaiters(entry, entry + " went silent before it was allocated");
        }
    }

    private void giveUpStart(ServerEntry entry, long now) {
        String cause = "did not register within " + entry.pool.config.startTimeout().toMillis() + "ms";
        log.warn("{} {}, giving up pid={}", entry, cause, entry.pid());
        remove(entry);
        failWaiters(entry, entry + " did not start in time");
        emit(FleetEvent.Type.CRASHED, entry, 0, cause);
        if (!entry.adopted) {
            failedStart(entry, cause);
        }
        entry.process.kill(); // our own child, or an adopted process whose identity was checked
    }

    /** Drains one server per pool that has been empty past the idle timeout, if the pool can spare it. */
    private void scaleDown(long now) {
        if (adopting || stopping) {
            return;
        }
        for (Pool pool : pools.values()) {
            KindConfig kind = pool.config;
            if (active(pool) <= kind.minServers()
                    || (kind.spareHighWater() > 0 && freeSeats(pool) - kind.maxPlayers() < kind.spareHighWater())) {
                continue;
            }
            servers.values().stream()
                    .filter(e -> e.pool == pool && e.state == ServerState.READY && idleSince(e, now) >= kind.idleTimeout().toNanos())
                    .max(Comparator.comparingInt(e -> e.port))
                    .ifPresent(e -> {
                        log.info("{} idle, draining pid={}", e, e.pid());
                        drain(e, now);
                    });
        }
    }

    /** How long every route of the server has been empty, or -1 if one is not. */
    private long idleSince(ServerEntry entry, long now) {
        long longest = Long.MAX_VALUE;
        for (RoutingTable.Load load : entry.pool.table.loads(entry.address)) {
            if (load.effective() > 0 || load.idleSinceNanos() == 0) {
                return -1;
            }
            longest = Math.min(longest, now - load.idleSinceNanos());
        }
        return longest;
    }

    /** An operator's drain of the server at {@code address}: completes with its kind, or fails with why not. */
    void drainByOperator(ServerAddress address, CompletableFuture<String> reply) {
        ServerEntry entry = servers.get(address);
        if (stopping) {
            reply.completeExceptionally(new FleetException("the dispatcher is stopping"));
        } else if (entry == null) {
            reply.completeExceptionally(new FleetException("no server at " + address));
        } else if (entry.state == ServerState.DRAINING) {
            reply.completeExceptionally(new FleetException(entry + " is already draining"));
        } else {
            log.info("{} drained by the operator, pid={}", entry, entry.pid());
            drain(entry, clock.getAsLong());
            afterChange(); // a pool below its minimum starts a replacement
            reply.complete(entry.kind());
        }
    }

    private void drain(ServerEntry entry, long now) {
        emit(FleetEvent.Type.DRAINING, entry, 0, "");
        entry.pool.table.close(entry.address);
        entry.state = ServerState.DRAINING;
        entry.drainingSinceNanos = now;
        if (entry.link != null) {
            entry.link.drain();
        } else if (entry.process != null) {
            entry.process.terminate();
        }
    }

    /** Keeps each pool's minimum, and starts warm spares when free seats fall below the high-water mark. */
    private void maintain(long now) {
        if (adopting || stopping) {
            return;
        }
        for (Pool pool : pools.values()) {
            KindConfig kind = pool.config;
            int free = freeSeats(pool);
            int startingAhead = (int) servers.values().stream()
                    .filter(e -> e.pool == pool && e.state == ServerState.STARTING && e.waiters.isEmpty()).count();
            while (kind.launchLocal() && active(pool) < kind.maxServers() && pool.backoff.mayLaunch(now)) {
                boolean belowMinimum = active(pool) < kind.minServers();
                boolean belowHighWater = kind.spareHighWater() > 0 && free < kind.spareHighWater()
                        && startingAhead < kind.warmSpares();
                if (!belowMinimum && !belowHighWater) {
                    break;
                }
                String route = kind.routed() ? leastServedRoute(pool) : "";
                if (launch(pool, route, now) == null) {
                    break;
                }
                free += kind.maxPlayers();
                startingAhead++;
            }
        }
    }

    /** The map with the fewest instances, for a server started ahead of demand. */
    private String leastServedRoute(Pool pool) {
        return pool.config.routes().stream()
                .min(Comparator.comparingLong(r -> servers.values().stream().filter(e -> e.pool == pool && e.routes.contains(r)).count()))
                .orElseThrow();
    }

    // --- Stop -----------------------------------------------------------------------------------------

    /**
     * Stops routing. With {@code withServers}, drains every server (one still starting is asked to exit,
     * even if its launch has not reported yet) and completes once every process this dispatcher launched or
     * adopted has exited; without, completes once no launch is in flight, leaving servers for the next dispatcher.
     */
    void stop(boolean withServers, CompletableFuture<Void> done) {
        stopping = true;
        stopServers = withServers;
        stopped = done;
        FleetException failure = new FleetException("dispatcher is stopping");
        adoptionWaiters.forEach(w -> w.address().completeExceptionally(failure));
        adoptionWaiters.clear();
        long now = clock.getAsLong();
        for (ServerEntry entry : List.copyOf(servers.values())) {
            failWaiters(entry, failure.getMessage());
            if (!withServers) {
                continue;
            }
            if (entry.state == ServerState.STARTING) {
                entry.pool.table.close(entry.address);
                entry.state = ServerState.DRAINING;
                entry.drainingSinceNanos = now;
                if (entry.process != null) {
                    entry.process.terminate(); // starting: no players to let finish
                }
            } else if (entry.state != ServerState.DRAINING) {
                drain(entry, now);
            }
        }
        afterChange();
    }

    /** Kills every server process still running: the last step of a fleet stop that ran out of time. */
    void killAll() {
        servers.values().stream().filter(e -> e.process != null).forEach(e -> e.process.kill());
    }

    private void afterChange() {
        if (stopping && stopped != null) {
            boolean done = servers.values().stream().noneMatch(e -> e.launching || (stopServers && e.process != null));
            if (done) {
                stopped.complete(null);
            }
            return;
        }
        maintain(clock.getAsLong());
        checkReady();
    }

    // --- Readiness and stats ------------------------------------------------------------------------

    private void checkReady() {
        if (!ready.isDone() && notReadyReason() == null) {
            log.info("fleet ready: every kind that keeps a minimum has a ready server");
            ready.complete(null);
        }
    }

    /** Why a request of a kind that keeps servers running could not be answered at once, or null. */
    String notReadyReason() {
        if (adopting) {
            return "waiting for " + expected.size() + " servers of the previous dispatcher";
        }
        for (Pool pool : pools.values()) {
            boolean serving = servers.values().stream()
                    .anyMatch(e -> e.pool == pool && (e.state == ServerState.READY || e.state == ServerState.STANDBY));
            if (pool.config.minServers() > 0 && !serving) {
                return "no ready " + pool.kind() + " server" + (pool.backoff.failures() == 0 ? " yet"
                        : " (" + pool.backoff.failures() + " failed starts: " + pool.backoff.cause() + ")");
            }
        }
        return null;
    }

    /** The fleet as {@code stats} and the status page show it: a row per kind, then per server. */
    FleetView view() {
        long now = clock.getAsLong();
        List<FleetView.KindView> kinds = new ArrayList<>();
        List<FleetView.ServerView> rows = new ArrayList<>();
        for (Pool pool : pools.values()) {
            int count = 0;
            int readyCount = 0;
            int players = 0;
            int reserved = 0;
            for (ServerEntry entry : servers.values().stream().filter(e -> e.pool == pool)
                    .sorted(Comparator.comparingInt(e -> e.port)).toList()) {
                Map<String, Integer> routes = new TreeMap<>();
                int load = 0;
                int promised = 0;
                for (RoutingTable.Load l : pool.table.loads(entry.address)) {
                    load += l.players();
                    promised += l.reserved();
                    if (pool.config.routed()) {
                        routes.put(l.route(), l.players());
                    }
                }
                count++;
                readyCount += entry.state == ServerState.READY ? 1 : 0;
                players += load;
                reserved += promised;
                rows.add(new FleetView.ServerView(pool.kind(), entry.address.host(), entry.port, entry.state, load, promised,
                        TimeUnit.NANOSECONDS.toSeconds(now - entry.startedNanos), routes, entry.pid(), !entry.external()));
            }
            kinds.add(new FleetView.KindView(pool.kind(), count, readyCount, players, reserved, pool.backoff.failures(),
                    pool.backoff.millisUntilNextAttempt(now), pool.backoff.cause()));
        }
        return new FleetView(kinds, rows);
    }

    // --- Helpers ------------------------------------------------------------------------------------

    void subscribe(Consumer<FleetEvent> subscriber) {
        subscribers.add(subscriber);
    }

    private void emit(FleetEvent.Type type, ServerEntry entry, long millis, String detail) {
        FleetEvent event = new FleetEvent(type, entry.kind(), entry.port, entry.pid(), millis, detail);
        for (Consumer<FleetEvent> subscriber : subscribers) {
            try {
                subscriber.accept(event);
            } catch (RuntimeException e) {
                log.warn("a fleet event subscriber failed: {}", e.toString());
            }
        }
    }

    /** A launched server failed before it registered: the kind backs off. */
    private void failedStart(ServerEntry entry, String cause) {
        long now = clock.getAsLong();
        entry.pool.backoff.failed(cause, now);
        emit(FleetEvent.Type.BACKOFF, entry, entry.pool.backoff.millisUntilNextAttempt(now), cause);
    }

    private void add(ServerEntry entry) {
        servers.put(entry.address, entry);
        entry.pool.table.add(entry.address, entry.routes, clock.getAsLong());
    }

    private void remove(ServerEntry entry) {
        servers.remove(entry.address);
        entry.pool.table.remove(entry.address);
    }

    private static void failWaiters(ServerEntry entry, String reason) {
        List<Waiter> waiters = List.copyOf(entry.waiters);
        entry.waiters.clear();
        FleetException failure = new FleetException(reason);
        waiters.forEach(w -> w.address().completeExceptionally(failure));
    }

    /** Servers that count towards the limits: everything but those on their way out. */
    private int active(Pool pool) {
        return (int) servers.values().stream().filter(e -> e.pool == pool && e.state != ServerState.DRAINING).count();
    }

    private int freeSeats(Pool pool) {
        int free = 0;
        for (ServerEntry e : servers.values()) {
            if (e.pool == pool && e.state != ServerState.DRAINING && e.state != ServerState.UNRESPONSIVE) {
                for (RoutingTable.Load load : pool.table.loads(e.address)) {
                    free += Math.max(0, pool.config.maxPlayers() - load.effective());
                }
            }
        }
        return free;
    }

    /** The address of a server on this machine. */
    ServerAddress local(int port) {
        return new ServerAddress(localHost, port);
    }

    long tick(long nowNanos) {
        return (nowNanos - epochNanos) / Fleet.TICK.toNanos();
    }
}
