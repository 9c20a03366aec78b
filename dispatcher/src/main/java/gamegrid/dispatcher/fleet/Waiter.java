package gamegrid.dispatcher.fleet;

import java.util.concurrent.CompletableFuture;

/** A request that could not be placed at once: it waits for a starting server, or for the adoption window to close. */
record Waiter(Pool pool, String route, int seats, CompletableFuture<ServerAddress> address) {
}
