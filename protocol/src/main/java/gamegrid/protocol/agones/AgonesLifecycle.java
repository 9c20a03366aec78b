package gamegrid.protocol.agones;

import gamegrid.protocol.agones.AgonesSdk.GameServerStatus;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A game server's life told to Agones, for every kind of server: where it is placed (before it binds),
 * {@code Ready} once it listens, {@code Health} every heartbeat interval, {@code Allocate} when the dispatcher
 * is about to route players to it while it is empty, and {@code Shutdown} after a drain. Present only under
 * Agones ({@value AgonesSdk#HTTP_PORT_ENV} set); calls run on one daemon thread, {@code agones-sdk}.
 */
public final class AgonesLifecycle {
    private static final Logger log = LoggerFactory.getLogger(AgonesLifecycle.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);
    private static final long RETRY_MS = 500;
    /** rest.md: "The SDK Server sidecar process may startup after your game server binary": first calls are retried this long. */
    private static final Duration SIDECAR_START_LIMIT = Duration.ofSeconds(60);

    /** How long a server waits for Agones to place it before it gives up (exits). */
    public static final Duration PLACEMENT_LIMIT = Duration.ofSeconds(60);

    private final AgonesSdk sdk;
    private final String kind;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "agones-sdk");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean healthFailing = new AtomicBoolean();
    private final AtomicBoolean shutDown = new AtomicBoolean();

    public AgonesLifecycle(AgonesSdk sdk, String kind) {
        this.sdk = sdk;
        this.kind = kind;
    }

    /** The lifecycle of a server of {@code kind} when it runs under Agones; empty otherwise. */
    public static Optional<AgonesLifecycle> fromEnvironment(Map<String, String> env, String kind) {
        return AgonesSdk.fromEnvironment(env, CALL_TIMEOUT).map(sdk -> new AgonesLifecycle(sdk, kind));
    }

    /**
     * The command line with this GameServer's placement appended ({@code --port=P --advertised-host=A}, which
     * override earlier values): the server listens on the port Agones opened and advertises the node's address.
     */
    public String[] placedArguments(String[] args) throws TimeoutException, InterruptedException {
        GameServerStatus placed = awaitPlacement(PLACEMENT_LIMIT);
        String[] placedArgs = Arrays.copyOf(args, args.length + 2);
        placedArgs[args.length] = "--port=" + placed.ports().get(0);
        placedArgs[args.length + 1] = "--advertised-host=" + placed.address();
        return placedArgs;
    }

    /**
     * Waits (bounded by {@code limit}) until Agones has placed this GameServer and returns its address and
     * ports: with {@code portPolicy: Passthrough} the first port is both the one to listen on and the one
     * players reach, and the address is the node's.
     */
    public GameServerStatus awaitPlacement(Duration limit) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            try {
                GameServerStatus status = sdk.gameServer().join();
                if (status.placed()) {
                    log.info("agones placed this {} server address={} ports={} state={}", kind, status.address(), status.ports(), status.state());
                    return status;
                }
                last = "state " + status.state() + ", no address or port yet";
            } catch (RuntimeException e) {
                last = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            }
            Thread.sleep(RETRY_MS); // polling the sidecar, which has no push for this but a watch stream
        }
        throw new TimeoutException("agones did not place this " + kind + " server within " + limit + ": " + last);
    }

    /**
     * The server listens: {@code Ready} (retried while the sidecar starts), then {@code Health} every
     * {@code heartbeatInterval} until shutdown. The returned future completes when Agones took {@code Ready}.
     */
    public CompletableFuture<Void> listening(Duration heartbeatInterval) {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        long deadline = System.nanoTime() + SIDECAR_START_LIMIT.toNanos();
        timer.execute(() -> callReady(ready, deadline));
        return ready.thenRun(() -> {
            log.info("agones: this {} server is Ready", kind);
            sdk.setLabel("gamegrid-kind", kind).exceptionally(e -> {
                log.warn("agones: could not label this {} server: {}", kind, e.toString());
                return null;
            });
            timer.scheduleAtFixedRate(this::health, 0, heartbeatInterval.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    private void callReady(CompletableFuture<Void> ready, long deadline) {
        sdk.ready().whenComplete((ok, error) -> {
            if (error == null) {
                ready.complete(null);
            } else if (System.nanoTime() > deadline || shutDown.get()) {
                log.error("agones: Ready failed for good: {}", error.toString());
                ready.completeExceptionally(error);
            } else {
                log.debug("agones: Ready not taken yet, retrying: {}", error.toString());
                timer.schedule(() -> callReady(ready, deadline), RETRY_MS, TimeUnit.MILLISECONDS);
            }
        });
    }

    private void health() {
        sdk.health().whenComplete((ok, error) -> {
            // One line when pings start and stop failing, not one per heartbeat.
            if (error != null && healthFailing.compareAndSet(false, true)) {
                log.warn("agones: Health ping failed (Agones marks the server Unhealthy if this lasts): {}", error.toString());
            } else if (error == null && healthFailing.compareAndSet(true, false)) {
                log.info("agones: Health pings answered again");
            }
        });
    }

    /** The dispatcher is about to route players here: {@code Allocate}, so that no scale-down removes this server. */
    public CompletableFuture<Void> allocate() {
        return sdk.allocate().whenComplete((ok, error) -> {
            if (error == null) {
                log.info("agones: this {} server is Allocated", kind);
            }
        });
    }

    /**
     * The server has drained: stop the health pings and ask Agones to delete this GameServer, waiting at most
     * {@code limit} for the answer. Idempotent.
     */
    public void shutdown(Duration limit) {
        if (!shutDown.compareAndSet(false, true)) {
            return;
        }
        timer.shutdownNow();
        try {
            sdk.shutdown().get(limit.toMillis(), TimeUnit.MILLISECONDS);
            log.info("agones: Shutdown taken for this {} server", kind);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("agones: Shutdown failed ({}); the pod ends with the process instead", e.toString());
        }
    }
}
