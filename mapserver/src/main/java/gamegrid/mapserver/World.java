package gamegrid.mapserver;

import gamegrid.protocol.map.tiles.MapCatalog;
import gamegrid.protocol.map.tiles.Portal;
import gamegrid.protocol.map.tiles.TileMap;
import gamegrid.protocol.EndOfTurn;
import gamegrid.protocol.ProtocolException;
import gamegrid.protocol.map.BattleRecord;
import gamegrid.protocol.map.Direction;
import gamegrid.protocol.map.MapEvent;
import gamegrid.protocol.map.store.Item;
import gamegrid.protocol.map.store.MemcacheClient;
import gamegrid.protocol.map.store.StoreException;
import gamegrid.protocol.map.store.Write;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.security.SecureRandom;
import java.util.IdentityHashMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The maps this server hosts and the players on them, with every rule of entering, moving, handing over
 * and parking in a battle. All of it belongs to one event loop (the memcached client's too, so store
 * replies arrive here without a hop); entry points from connection loops hop onto it.
 *
 * <p>Ownership: a player's state is written only with memcached CAS against the unique of this server's
 * own last write. Whoever takes a player over (another connection, another server) changes that unique,
 * so every later write from here fails: this server is fenced and drops the player ({@code ERR logged in
 * elsewhere}); players who stay still are checked every {@link #LEASE_CHECK_MS} ms and fenced the same way.
 * Saves: each move is written behind, at most one write in flight per player; a kill -9 loses
 * at most the moves made while a write was in flight (about one memcached round trip).
 */
final class World {
    private static final Logger log = LoggerFactory.getLogger(World.class);
    private static final int ATTEMPTS = 4;
    private static final int BATTLE_RECORD_TTL_SECONDS = 24 * 3600;
    private static final long SWEEP_MS = 500;
    /** How often quiet players' leases are checked: how long a server that lost one may still show the player. */
    private static final long LEASE_CHECK_MS = 2_000;
    private static final String PROBE_KEY = "gg:probe";

    private final EventLoop loop;
    /** Sessions with events to write at the end of this turn of the loop. */
    private final EndOfTurn<Session> unsent;
    private final MemcacheClient store;
    private final MapSettings settings;
    private final MapCatalog catalog;
    private final PlayerListener listener;
    private final MapMetrics metrics;
    // Set once by start(), before the first connection is accepted (the listening socket reads nothing until then).
    private volatile MapDirectory directory;
    private volatile String owner;
    private final Map<String, MapInstance> hosted = new LinkedHashMap<>();
    private final Map<String, Session> online = new HashMap<>();
    private final Set<Session> unsaved = new HashSet<>();
    private final SplittableRandom encounters;
    private final SecureRandom secrets = new SecureRandom();
    private final long moveIntervalNanos;
    private volatile int players;
    private boolean draining;
    private final CompletableFuture<Void> drained = new CompletableFuture<>();

    World(EventLoop loop, MemcacheClient store, MapSettings settings, MapCatalog catalog, PlayerListener listener,
          MapMetrics metrics) {
        this.loop = loop;
        this.unsent = new EndOfTurn<>(loop, this::writeUnsent);
        this.metrics = metrics;
        this.store = store;
        this.settings = settings;
        this.catalog = catalog;
        this.listener = listener;
        for (String id : settings.maps()) {
            hosted.put(id, new MapInstance(catalog.get(id), settings.viewRadius()));
        }
        this.encounters = new SplittableRandom(settings.seed() != 0 ? settings.seed() : secrets.nextLong());
        this.moveIntervalNanos = settings.moveInterval().toNanos();
    }

    /**
     * Opens the world once the server is bound.
     *
     * @param serverAddress {@code HOST:PORT} of this server, recorded as the owner of the states it writes
     * @param lookups       finds the servers of other maps
     */
    void start(String serverAddress, MapDirectory lookups) {
        owner = serverAddress;
        directory = lookups;
        loop.scheduleWithFixedDelay(this::sweep, SWEEP_MS, SWEEP_MS, TimeUnit.MILLISECONDS);
        loop.scheduleWithFixedDelay(this::checkLeases, LEASE_CHECK_MS, LEASE_CHECK_MS, TimeUnit.MILLISECONDS);
    }

    /** Players on this server's maps; read from any thread. */
    int players() {
        return players;
    }

    /** Players on each hosted map, for the dispatcher's routes; on the world loop. */
    CompletableFuture<Map<String, Integer>> loads() {
        CompletableFuture<Map<String, Integer>> loads = new CompletableFuture<>();
        loop.execute(() -> {
            Map<String, Integer> counts = new LinkedHashMap<>();
            hosted.forEach((id, instance) -> counts.put(id, instance.players()));
            loads.complete(counts);
        });
        return loads;
    }

    /** Refuses new players from now on; completes once the last player has left. */
    CompletableFuture<Void> drain() {
        loop.execute(() -> {
            draining = true;
            checkDrained();
        });
        return drained;
    }

    private void checkDrained() {
        if (draining && players == 0) {
            drained.complete(null);
        }
    }

    // ---- entering ----

    void enter(Session s, String name, String token) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> enter(s, name, token));
            return;
        }
        if (s.phase() != Session.Phase.NEW) {
            s.send(new MapEvent.Err(s.phase() == Session.Phase.ENTERING ? "enter already in progress" : "already entered"));
            return;
        }
        if (draining) {
            s.send(new MapEvent.Err("draining: ask the dispatcher for another server"));
            return;
        }
        s.phase(Session.Phase.ENTERING);
        s.name(name);
        s.enterNanos(System.nanoTime());
        load(s, token, ATTEMPTS);
    }

    private void load(Session s, String token, int attempts) {
        store.get(PlayerState.key(s.name())).whenComplete(guarded((item, error) -> {
            if (s.phase() != Session.Phase.ENTERING) {
                return;
            }
            if (error != null) {
                refuseEnter(s, storeReason(error));
            } else if (item.isEmpty()) {
                if (token.isEmpty()) {
                    create(s, attempts);
                } else {
                    refuseEnter(s, "invalid or used token");
                }
            } else {
                decide(s, item.get(), token, attempts);
            }
        }));
    }

    private void decide(Session s, Item item, String token, int attempts) {
        PlayerState state;
        try {
            state = PlayerState.decode(item.value());
        } catch (IllegalArgumentException e) {
            log.error("unreadable state of player={}: {}", s.name(), e.getMessage());
            refuseEnter(s, "your saved state is unreadable; ask an operator");
            return;
        }
        if (!token.isEmpty() && (state.status() != PlayerState.Status.TRANSIT || !state.token().equals(token))) {
            refuseEnter(s, "invalid or used token");
            return;
        }
        MapInstance instance = hosted.get(state.map());
        if (instance == null) {
            if (!token.isEmpty()) {
                refuseEnter(s, "token is for map " + state.map() + ", not hosted here");
            } else {
                unreserve(s);
                s.phase(Session.Phase.GONE);
                s.close(new MapEvent.Elsewhere(state.map()));
            }
            return;
        }
        Session current = online.get(s.name());
        boolean replacing = current != null && current.instance() == instance; // takes the older connection's place
        if (s.reservation() == null && !replacing) {
            if (!instance.reserve(settings.maxPlayers())) {
                refuseEnter(s, "full: ask the dispatcher for another instance");
                return;
            }
            s.reservation(instance);
        }
        if (state.status() == PlayerState.Status.BATTLE) {
            resolveBattle(s, state, item.cas(), attempts);
        } else {
            claim(s, state.onMap(owner), item.cas(), token, attempts);
        }
    }

    private void create(Session s, int attempts) {
        TileMap start = catalog.get(settings.startMap());
        PlayerState fresh = PlayerState.fresh(start.id(), start.spawnX(), start.spawnY());
        store.add(PlayerState.key(s.name()), fresh.encode(), 0).whenComplete(guarded((write, error) -> {
            if (s.phase() != Session.Phase.ENTERING) {
                return;
            }
            if (error != null) {
                refuseEnter(s, storeReason(error));
            } else if (!write.stored()) {
                retry(s, "", attempts); // entered elsewhere at the same moment
            } else {
                log.info("new player={} map={}", s.name(), start.id());
                load(s, "", attempts); // claim it like any stored state
            }
        }));
    }

    /** Ends a battle the player comes back from: applies its final outcome, or abandons it if it never started or overran. */
    private void resolveBattle(Session s, PlayerState state, long cas, int attempts) {
        String key = BattleRecord.key(state.battle());
        store.get(key).whenComplete(guarded((item, error) -> {
            if (s.phase() != Session.Phase.ENTERING) {
                return;
            }
            if (error != null) {
                refuseEnter(s, storeReason(error));
                return;
            }
            Optional<BattleRecord> record = item.flatMap(World::battleRecord);
            if (record.isEmpty()) {
                // Gone (a memcached restart, or the TTL): nothing can pay out twice, so the battle counts as abandoned.
                claim(s, settle(state, BattleRecord.Phase.ABANDONED), cas, "", attempts);
                return;
            }
            BattleRecord battle = record.get();
            boolean overran = System.currentTimeMillis() > battle.deadlineMillis();
            if (battle.phase().finished()) {
                claim(s, settle(state, battle.phase()), cas, "", attempts);
            } else if (battle.phase() == BattleRecord.Phase.PENDING || overran) {
                store.cas(key, battle.in(BattleRecord.Phase.ABANDONED).encode(), item.get().cas(), BATTLE_RECORD_TTL_SECONDS)
                        .whenComplete((write, casError) -> {
                            if (s.phase() != Session.Phase.ENTERING) {
                                return;
                            }
                            if (casError != null) {
                                refuseEnter(s, storeReason(casError));
                            } else if (write.stored()) {
                                log.info("battle abandoned id={} player={}", state.battle(), s.name());
                                claim(s, settle(state, BattleRecord.Phase.ABANDONED), cas, "", attempts);
                            } else {
                                retry(s, "", attempts); // the battle server claimed or finished it just now
                            }
                        });
            } else {
                refuseEnter(s, "still in battle " + state.battle() + ": come back when it ends");
            }
        }));
    }

    private static Optional<BattleRecord> battleRecord(Item item) {
        try {
            return Optional.of(BattleRecord.decode(item.value()));
        } catch (ProtocolException e) {
            log.error("unreadable battle record: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** The state after a battle ended in {@code phase}: paid if won, back on its tile, the battle id cleared. */
    private PlayerState settle(PlayerState state, BattleRecord.Phase phase) {
        PlayerState back = state.onMap(owner);
        return phase == BattleRecord.Phase.WIN ? back.rewarded(BattleRecord.WIN_XP, BattleRecord.WIN_GOLD) : back;
    }

    /** Takes ownership of a player: one CAS that bumps the version; whoever owned it before is fenced by it. */
    private void claim(Session s, PlayerState next, long cas, String token, int attempts) {
        TileMap map = hosted.get(next.map()).map();
        PlayerState placed = map.walkable(next.x(), next.y()) ? next : next.at(map.spawnX(), map.spawnY());
        PlayerState written = placed.withVersion(placed.version() + 1);
        store.cas(PlayerState.key(s.name()), written.encode(), cas, 0).whenComplete(guarded((write, error) -> {
            if (s.phase() != Session.Phase.ENTERING) {
                return; // gone while claiming: the stored state is sound, its next enter resumes it
            }
            if (error != null) {
                refuseEnter(s, storeReason(error));
            } else if (write.stored()) {
                s.stored(written, write.cas());
                arrive(s);
                if (!token.isEmpty()) {
                    metrics.handedIn(System.nanoTime() - s.enterNanos());
                }
            } else {
                retry(s, token, attempts);
            }
        }));
    }

    private void retry(Session s, String token, int attempts) {
        if (attempts > 1) {
            load(s, token, attempts - 1);
        } else {
            refuseEnter(s, "busy: try again");
        }
    }

    private void unreserve(Session s) {
        if (s.reservation() != null) {
            s.reservation().unreserve();
            s.reservation(null);
        }
    }

    private void arrive(Session s) {
        unreserve(s);
        Session older = online.put(s.name(), s);
        if (older != null && older != s) {
            fence(older); // same server: told at once, not at its next write
        }
        MapInstance instance = hosted.get(s.state().map());
        s.placedAtState();
        s.phase(Session.Phase.ON_MAP);
        s.instance(instance);
        players++;
        List<MapEvent> greeting = new ArrayList<>();
        greeting.add(you(s));
        instance.place(s, greeting);
        s.sendAll(greeting);
        listener.entered(s.name(), instance.map().id());
        log.debug("entered player={} map={} version={}", s.name(), instance.map().id(), s.state().version());
    }

    private void refuseEnter(Session s, String reason) {
        unreserve(s);
        s.phase(Session.Phase.NEW);
        s.send(new MapEvent.Err(reason));
    }

    // ---- on the map ----

    void move(Session s, Direction direction) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> move(s, direction));
            return;
        }
        if (!onMap(s)) {
            return;
        }
        long now = System.nanoTime();
        if (!s.mayMove(now, moveIntervalNanos)) {
            s.send(new MapEvent.Err("too fast: one move per " + settings.moveInterval().toMillis() + " ms"));
            return;
        }
        if (s.storeFailed() || !store.available()) {
            s.send(new MapEvent.Err("state store unavailable: moves are refused until it is back"));
            return;
        }
        TileMap map = s.instance().map();
        int x = s.x() + direction.dx();
        int y = s.y() + direction.dy();
        if (!map.walkable(x, y)) {
            s.send(new MapEvent.Err("wall"));
            return;
        }
        s.moved(now, moveIntervalNanos);
        s.instance().move(s, x, y);
        Portal portal = map.portalAt(x, y);
        if (portal != null) {
            handOver(s, portal);
        } else if (map.tile(x, y) == TileMap.MONSTERS && encounters.nextInt(100) < settings.encounterPercent()) {
            startBattle(s);
        } else {
            save(s);
        }
    }

    void where(Session s) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> where(s));
        } else if (onMap(s)) {
            s.send(you(s));
        }
    }

    void look(Session s) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> look(s));
        } else if (onMap(s)) {
            List<MapEvent> seen = s.instance().visibleTo(s);
            seen.add(0, new MapEvent.Look(seen.size()));
            s.sendAll(seen);
        }
    }

    /**
     * The end of a turn of the world's loop: each session's events go to its connection's loop, in one task per
     * loop (a wake-up of another thread costs more than the write it carries); on this loop, at once.
     */
    private void writeUnsent(List<Session> sessions) {
        Map<EventLoop, List<Session.Outgoing>> perLoop = new IdentityHashMap<>(4);
        for (int i = 0, n = sessions.size(); i < n; i++) {
            Session session = sessions.get(i);
            Session.Outgoing outgoing = session.takeUnsent();
            EventLoop io = session.channel().eventLoop();
            if (io == loop) {
                outgoing.write();
            } else {
                perLoop.computeIfAbsent(io, l -> new ArrayList<>()).add(outgoing);
            }
        }
        perLoop.forEach((io, batch) -> io.execute(() -> batch.forEach(Session.Outgoing::write)));
    }

    /** A new connection's session; its events go out at the end of each turn of the world's loop. */
    Session newSession(Channel channel) {
        return new Session(channel, unsent);
    }

    /**
     * Answers on the world's loop, behind the answers to the commands before it, so a client reads its replies in
     * the order it sent its commands.
     */
    void answer(Session s, MapEvent event) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> answer(s, event));
        } else {
            s.send(event);
        }
    }

    /** Closes the connection once the answers before it are out; {@code last} (if not null) is the last of them. */
    void close(Session s, MapEvent last) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> close(s, last));
        } else {
            s.close(last);
        }
    }

    private boolean onMap(Session s) {
        if (s.phase() == Session.Phase.ON_MAP) {
            return true;
        }
        s.send(new MapEvent.Err(switch (s.phase()) {
            case NEW -> "enter first";
            case ENTERING -> "still entering";
            default -> "leaving the map";
        }));
        return false;
    }

    private static MapEvent you(Session s) {
        PlayerState st = s.state();
        return new MapEvent.You(s.name(), st.map(), s.x(), s.y(), st.hp(), st.xp(), st.gold());
    }

    /** The connection closed: off the map, and whatever is unsaved is written. */
    void closed(Session s) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> closed(s));
            return;
        }
        switch (s.phase()) {
            case NEW, ENTERING -> {
                unreserve(s);
                s.phase(Session.Phase.GONE);
            }
            case ON_MAP -> {
                leaveMap(s);
                s.phase(Session.Phase.CLOSED);
                if (s.dirty()) {
                    save(s);
                }
            }
            case LEAVING -> s.phase(Session.Phase.CLOSED); // the commit in flight finishes the leaving
            default -> {
            }
        }
    }

    // ---- writes ----

    /** Saves the position behind the move: at most one write in flight per player, the latest state next. */
    private void save(Session s) {
        s.dirty(true);
        if (s.saving()) {
            return;
        }
        write(s, UnaryOperator.identity(), (written, error) -> {
            if (error != null && s.phase() != Session.Phase.GONE && !s.storeFailed()) {
                s.storeFailed(true);
                s.send(new MapEvent.Err("state store unavailable: your last moves are not saved yet"));
            }
        });
    }

    /**
     * Writes {@code change} of the current state at the next version, after the write in flight, with CAS.
     * {@code then} hears the written state, or the store's failure (null state and an error), or a fence
     * (null state, null error) after which the session is already dropped.
     */
    private void write(Session s, UnaryOperator<PlayerState> change, BiConsumer<PlayerState, StoreException> then) {
        if (s.saving()) {
            s.afterSave().add(() -> write(s, change, then));
            return;
        }
        s.saving(true);
        s.dirty(false);
        PlayerState written = change.apply(s.positioned().withVersion(s.state().version() + 1));
        store.cas(PlayerState.key(s.name()), written.encode(), s.cas(), 0).whenComplete(guarded((write, error) -> {
            s.saving(false);
            if (s.phase() == Session.Phase.GONE) {
                then.accept(null, null);
            } else if (error != null) {
                retryLater(s, error, then);
            } else if (write.outcome() == Write.Outcome.STORED) {
                s.stored(written, write.cas());
                if (written.status() == PlayerState.Status.ON_MAP && (s.x() != written.x() || s.y() != written.y())) {
                    s.dirty(true); // moves made while the write was in flight go in the next one
                }
                s.storeFailed(false);
                then.accept(written, null);
            } else if (write.outcome() == Write.Outcome.MISSING) {
                restore(s);
                then.accept(null, new StoreException("state store was reset: try again"));
            } else if (s.storeFailed()) {
                recheckOwnership(s, change, then);
                return; // it runs what waits for this save
            } else {
                fence(s);
                then.accept(null, null);
            }
            // After a failure the unsaved moves wait for the sweep: retrying at once would spin while memcached is down.
            runAfterSave(s, error == null);
        }));
    }

    /**
     * A CAS conflict after a failed write: that write's answer may have been lost with its connection while memcached
     * stored it, so the unique this server holds is stale and the conflict is with its own write, not another owner's.
     * The stored state says which: this server as owner at the version after the one it holds is its own write (a
     * takeover on this server fences this session first; another server writes its own address), and is taken as
     * written; anything else is another owner's, and the player is fenced.
     */
    private void recheckOwnership(Session s, UnaryOperator<PlayerState> change, BiConsumer<PlayerState, StoreException> then) {
        s.saving(true);
        store.get(PlayerState.key(s.name())).whenComplete(guarded((item, error) -> {
            s.saving(false);
            Optional<PlayerState> stored = error != null ? Optional.empty() : item.flatMap(World::readable);
            if (s.phase() == Session.Phase.GONE) {
                then.accept(null, null);
            } else if (error != null) {
                retryLater(s, error, then);
            } else if (stored.isPresent() && stored.get().owner().equals(owner) && stored.get().version() == s.state().version() + 1
                    && online.get(s.name()) == s) {
                log.info("own write found stored after its answer was lost player={} version={}", s.name(), stored.get().version());
                s.stored(stored.get(), item.get().cas());
                write(s, change, then);
                return;
            } else {
                fence(s);
                then.accept(null, null);
            }
            runAfterSave(s, false);
        }));
    }

    /** The store failed: the player's moves stay unsaved until the sweep tries again. */
    private void retryLater(Session s, Throwable error, BiConsumer<PlayerState, StoreException> then) {
        s.dirty(true);
        unsaved.add(s);
        then.accept(null, storeFailure(error));
    }

    private static Optional<PlayerState> readable(Item item) {
        try {
            return Optional.of(PlayerState.decode(item.value()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private void runAfterSave(Session s, boolean saveDirty) {
        if (!s.afterSave().isEmpty()) {
            List<Runnable> next = new ArrayList<>(s.afterSave());
            s.afterSave().clear();
            next.forEach(Runnable::run);
        } else if (saveDirty && s.dirty() && !s.saving() && (s.phase() == Session.Phase.ON_MAP || s.phase() == Session.Phase.CLOSED)) {
            save(s);
        }
    }

    /** memcached lost the key (it restarted): this server, the owner, puts back what it holds, if nobody else did. */
    private void restore(Session s) {
        if (s.saving()) {
            return;
        }
        s.saving(true);
        PlayerState written = s.positioned().withVersion(s.state().version() + 1);
        store.add(PlayerState.key(s.name()), written.encode(), 0).whenComplete(guarded((write, error) -> {
            s.saving(false);
            if (error == null && write.stored()) {
                log.warn("restored lost state player={} version={}", s.name(), written.version());
                s.stored(written, write.cas());
                s.dirty(false);
                s.storeFailed(false);
            } else if (error == null) {
                fence(s);
            } else {
                s.dirty(true);
                unsaved.add(s);
            }
            runAfterSave(s, error == null);
        }));
    }

    /** Another connection or server took the player over: this one writes nothing more. */
    private void fence(Session s) {
        log.info("fenced player={}: taken over elsewhere", s.name());
        leaveMap(s);
        s.phase(Session.Phase.GONE);
        s.afterSave().clear();
        unsaved.remove(s);
        s.close(new MapEvent.Err("logged in elsewhere"));
    }

    private void leaveMap(Session s) {
        MapInstance instance = s.instance();
        if (instance == null) {
            return;
        }
        instance.remove(s);
        s.instance(null);
        online.remove(s.name(), s);
        players--;
        listener.left(s.name(), instance.map().id());
        checkDrained();
    }

    /** Retries failed saves, and asks memcached when it was last seen down, so moves are taken again once it is back. */
    private void sweep() {
        if (!store.available() && unsaved.isEmpty()) {
            store.get(PROBE_KEY);
        }
        for (Session s : new ArrayList<>(unsaved)) {
            unsaved.remove(s);
            if (s.phase() != Session.Phase.GONE && s.dirty() && !s.saving()) {
                save(s);
            }
        }
    }

    /**
     * Asks memcached whether this server still owns each player standing still on its maps. A write tells a
     * moving player's owner at once (its CAS fails); a quiet player taken over elsewhere while this server could
     * not hear of it (its host cut off, then back) would otherwise stay on the map, seen by others and counted in
     * the load, until its connection ends. A state whose CAS unique is no longer this server's last write was
     * taken over: the player is fenced.
     */
    private void checkLeases() {
        if (!store.available()) {
            return; // the sweep brings the store back; the next check runs then
        }
        for (Session s : online.values()) {
            if (s.phase() != Session.Phase.ON_MAP || s.saving() || s.storeFailed()) {
                continue; // a write in flight or waiting to be retried settles the lease itself
            }
            long held = s.cas();
            store.get(PlayerState.key(s.name())).whenComplete(guarded((item, error) -> {
                // Unchanged since asked (no write of ours between) and the stored unique is another's: taken over.
                if (error == null && item.isPresent() && item.get().cas() != held
                        && s.phase() == Session.Phase.ON_MAP && !s.saving() && s.cas() == held) {
                    fence(s);
                }
            }));
        }
    }

    // ---- portals and battles ----

    /** Steps through a portal: saves the player in transit with a one-time token, then sends it to the target map's server. */
    private void handOver(Session s, Portal portal) {
        s.phase(Session.Phase.LEAVING);
        long stepped = System.nanoTime();
        String[] token = new String[1];
        write(s, next -> {
            token[0] = next.version() + "-" + randomHex(16);
            return next.inTransit(portal.map(), portal.x(), portal.y(), token[0]);
        }, (written, error) -> {
            if (written == null) {
                metrics.handOutFailed();
                commitFailed(s, error, "portal");
                return;
            }
            leaveMap(s);
            boolean connected = s.phase() == Session.Phase.LEAVING;
            s.phase(Session.Phase.GONE);
            log.debug("handed over player={} to map={} version={}", s.name(), portal.map(), written.version());
            if (connected) {
                // The directory answers on its own thread; the session is the world loop's.
                directory.locate(portal.map()).whenCompleteAsync(guarded((address, error2) -> {
                    if (error2 != null) {
                        log.warn("no server for map={}: {}", portal.map(), error2.toString());
                        metrics.handOutFailed();
                        s.close(new MapEvent.Elsewhere(portal.map()));
                    } else {
                        metrics.handedOut(System.nanoTime() - stepped);
                        s.close(new MapEvent.Portal(address.getHostString(), address.getPort(), portal.map(), token[0]));
                    }
                }), loop);
            }
        });
    }

    /** A monster zone: records the battle, parks the player in it, and sends it to fight. */
    private void startBattle(Session s) {
        s.phase(Session.Phase.LEAVING);
        String battleId = randomHex(16);
        BattleRecord record = new BattleRecord(s.name(), BattleRecord.Phase.PENDING,
                System.currentTimeMillis() + settings.battleDeadline().toMillis());
        store.add(BattleRecord.key(battleId), record.encode(), BATTLE_RECORD_TTL_SECONDS).whenComplete(guarded((added, error) -> {
            if (error != null || !added.stored()) {
                commitFailed(s, error != null ? storeFailure(error) : new StoreException("battle id taken"), "battle");
                return;
            }
            write(s, next -> next.inBattle(battleId), (written, error2) -> {
                if (written == null) {
                    commitFailed(s, error2, "battle");
                    return;
                }
                leaveMap(s);
                boolean connected = s.phase() == Session.Phase.LEAVING;
                s.phase(Session.Phase.GONE);
                log.debug("battle started id={} player={}", battleId, s.name());
                if (connected) {
                    s.close(new MapEvent.Battle(battleId));
                }
            });
        }));
    }

    /** A portal or battle commit did not happen: the player stays (or, if its connection closed meanwhile, is saved and leaves). */
    private void commitFailed(Session s, StoreException error, String what) {
        if (error == null) {
            return; // fenced: already dropped
        }
        if (s.phase() == Session.Phase.CLOSED) {
            leaveMap(s);
            save(s);
            return;
        }
        if (s.phase() == Session.Phase.LEAVING) {
            s.phase(Session.Phase.ON_MAP);
            s.storeFailed(true);
            s.dirty(true);
            unsaved.add(s);
            s.send(new MapEvent.Err(error.getMessage() + ": no " + what + " this time"));
        }
    }

    /** A store callback that logs what it throws: a completion stage would swallow it, and the player would hang. */
    private static <T> BiConsumer<T, Throwable> guarded(BiConsumer<T, Throwable> callback) {
        return (value, error) -> {
            try {
                callback.accept(value, error);
            } catch (RuntimeException e) {
                log.error("map server bug in a store callback", e);
            }
        };
    }

    private String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        secrets.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static StoreException storeFailure(Throwable error) {
        StoreException failure = MemcacheClient.storeFailure(error);
        if (failure == null) {
            log.error("state store request failed", error);
            return new StoreException("state store failed");
        }
        return failure;
    }

    private static String storeReason(Throwable error) {
        return storeFailure(error).getMessage();
    }
}
