package gamegrid.fightserver;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The seats of this process: at most {@code maxPlayers} taken, none handed out while draining, and each
 * take and release told to the listener exactly once.
 *
 * <p>The count is shared by every event loop, so it is guarded by this object's lock; the listener is
 * called under it so that it hears takes and releases in the order the count saw them. It must not block.
 */
final class Seats {
    private final int maxPlayers;
    private final SeatListener listener;
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private int taken;
    private boolean draining;

    Seats(int maxPlayers, SeatListener listener) {
        this.maxPlayers = maxPlayers;
        this.listener = listener;
    }

    /** A seat, or empty when the process is full or draining ({@link #refusal()} says which). */
    synchronized Optional<Seat> take() {
        if (draining || taken >= maxPlayers) {
            return Optional.empty();
        }
        taken++;
        listener.seatTaken();
        return Optional.of(new Seat());
    }

    /** Why {@link #take()} refused; draining never ends, so once it is seen it is the reason. */
    synchronized String refusal() {
        return draining ? "draining" : "full";
    }

    synchronized int taken() {
        return taken;
    }

    /** Stops handing out seats; the future completes once every seat is given back. */
    CompletableFuture<Void> drain() {
        boolean empty;
        synchronized (this) {
            draining = true;
            empty = taken == 0;
        }
        if (empty) {
            completeDrained();
        }
        return drained;
    }

    private void released() {
        boolean empty;
        synchronized (this) {
            taken--;
            listener.seatReleased();
            empty = draining && taken == 0;
        }
        if (empty) {
            completeDrained();
        }
    }

    private void completeDrained() {
        // Off the releasing thread, often an event loop: a caller may well stop the server from its callback.
        drained.completeAsync(() -> null);
    }

    /** One player's seat; however many paths give it back, it is released once. */
    final class Seat {
        private final AtomicBoolean released = new AtomicBoolean();

        void release() {
            if (released.compareAndSet(false, true)) {
                released();
            }
        }

        boolean isReleased() {
            return released.get();
        }
    }
}
