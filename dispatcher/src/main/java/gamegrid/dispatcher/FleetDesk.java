package gamegrid.dispatcher;

import gamegrid.dispatcher.fleet.ControlLink;
import gamegrid.dispatcher.fleet.Fleet;
import gamegrid.dispatcher.fleet.FleetException;
import gamegrid.dispatcher.fleet.FleetView;
import gamegrid.dispatcher.fleet.Registration;
import gamegrid.dispatcher.fleet.ServerAddress;
import gamegrid.protocol.dispatch.Reply;
import gamegrid.protocol.dispatch.Request;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;

/**
 * The connection handlers' only way into the {@link Fleet}: each call takes what a request asks and gives
 * back its {@link Reply}, so that a change of the fleet's API is met here alone. Every reply future it
 * returns completes normally: a failure becomes {@code ERR reason}.
 */
final class FleetDesk {
    private final Fleet fleet;

    FleetDesk(Fleet fleet) {
        this.fleet = fleet;
    }

    /** The fleet's clock, read once per batch of requests (a clock read costs as much as routing a {@code get}). */
    long now() {
        return fleet.nanoTime();
    }

    /** The answer to a {@code get} that a ready server can take at once, or null when it has to wait. */
    Reply routeNow(Request.Get get, long nowNanos) {
        ServerAddress server = fleet.tryAcquire(get.kind(), get.route(), get.seats(), nowNanos);
        return server != null ? new Reply.Endpoint(server.host(), server.port()) : null;
    }

    /** A {@code get} that waits for a starting server, launches one, or is refused. */
    CompletableFuture<Reply> route(Request.Get get) {
        return answer(() -> fleet.acquire(get.kind(), get.route(), get.seats()).handle((server, error) ->
                error == null ? new Reply.Endpoint(server.host(), server.port()) : new Reply.Err(reason(error))));
    }

    /** A player joined ({@code joined}) or left the server of a control link. */
    Reply report(Registration link, String route, boolean joined) throws FleetException {
        return report(link.kind(), link.address(), route, joined);
    }

    /** An allowed legacy one-shot report: a player joined or left the battle server on this host's {@code port}. */
    Reply reportLegacy(int port, String route, boolean joined) throws FleetException {
        return report(Request.BATTLE, fleet.local(port), route, joined);
    }

    private Reply report(String kind, ServerAddress server, String route, boolean joined) throws FleetException {
        if (joined) {
            fleet.add(kind, server, route);
        } else {
            fleet.del(kind, server, route);
        }
        return Reply.Ok.PLAIN;
    }

    /** The fleet as the wire shows it: no pids, which are for operators. */
    CompletableFuture<Reply> stats() {
        return answer(() -> fleet.view().thenApply(FleetDesk::stats));
    }

    CompletableFuture<Reply> health() {
        return answer(() -> fleet.notReadyReason().thenApply(why -> why == null ? new Reply.Ok("ready") : new Reply.Err("not ready: " + why)));
    }

    /** Asks the fleet to accept a server; completes with its registration, or exceptionally with the refusal. */
    CompletableFuture<Registration> register(Request.Register register, ControlLink link) {
        try {
            return fleet.register(register, link);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A server's answer to {@code ALLOCATE}. */
    Reply allocated(Registration registration, boolean allocated) {
        fleet.allocated(registration, allocated);
        return Reply.Ok.PLAIN;
    }

    void heartbeat(Registration registration) {
        fleet.heartbeat(registration);
    }

    void linkClosed(Registration registration) {
        try {
            fleet.linkClosed(registration);
        } catch (RejectedExecutionException e) {
            // the fleet has stopped: links closing at shutdown have nobody left to tell
        }
    }

    static String reason(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof FleetException ? cause.getMessage() : "internal error";
    }

    /** A fleet call that answers later; whatever fails, even the call itself, becomes {@code ERR}. */
    private static CompletableFuture<Reply> answer(java.util.function.Supplier<CompletableFuture<Reply>> call) {
        try {
            return call.get().exceptionally(error -> new Reply.Err(reason(error)));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new Reply.Err(reason(e)));
        }
    }

    private static Reply stats(FleetView view) {
        return new Reply.Stats(
                view.kinds().stream().map(k -> new Reply.KindRow(k.kind(), k.servers(), k.ready(), k.players(),
                        k.reserved(), k.failures(), k.backoffMillis(), k.cause())).toList(),
                view.servers().stream().map(s -> new Reply.ServerRow(s.kind(), s.host(), s.port(), s.state().name(), s.players(),
                        s.reserved(), s.uptimeSeconds(), s.routes())).toList());
    }
}
