package gamegrid.dispatcher;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Fair shares of seats: how many seats {@code get}s may be handed per connection and per client address
 * within one reservation timeout, so that no one client can reserve the fleet away from the others.
 *
 * <p>A reservation is claimed by the battle server's {@code add}, which says nothing of the client, so what
 * is counted is seats handed out in a sliding window as long as a reservation lasts: an upper bound on the
 * reservations a client can hold. Shared by every event loop; each {@link Allowance} belongs to one connection.
 */
final class SeatQuota {
    private static final int SWEEP_EVERY = 256;

    private final int perConnection;
    private final int perAddress;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final Map<InetAddress, AddressWindow> addresses = new HashMap<>();
    private int opened;

    SeatQuota(int perConnection, int perAddress, Duration window, LongSupplier nanoClock) {
        this.perConnection = perConnection;
        this.perAddress = perAddress;
        this.windowNanos = window.toNanos();
        this.nanoClock = nanoClock;
    }

    /** The allowance of a new connection from {@code address} (null: a peer with no address, tests). */
    synchronized Allowance open(InetAddress address) {
        if (++opened % SWEEP_EVERY == 0) {
            long now = nanoClock.getAsLong();
            addresses.values().removeIf(w -> w.users == 0 && w.count.total(now) == 0);
        }
        AddressWindow window = addresses.computeIfAbsent(address, a -> new AddressWindow(new SlidingCount(windowNanos)));
        window.users++;
        return new Allowance(address, window);
    }

    private synchronized void close(AddressWindow window) {
        window.users--;
    }

    /** One connection's share, checked and counted together with its address's. */
    final class Allowance {
        private final InetAddress address;
        private final AddressWindow addressWindow;
        private final SlidingCount own = new SlidingCount(windowNanos);
        private boolean closed;

        private Allowance(InetAddress address, AddressWindow addressWindow) {
            this.address = address;
            this.addressWindow = addressWindow;
        }

        /** Counts {@code seats} as handed out at {@code now} (nanoseconds) and returns null, or returns why they may not be. */
        String take(int seats, long now) {
            if (own.total(now) + seats > perConnection) {
                return refusal("this connection", perConnection);
            }
            synchronized (addressWindow) {
                if (addressWindow.count.total(now) + seats > perAddress) {
                    return refusal(address == null ? "this address" : address.getHostAddress(), perAddress);
                }
                addressWindow.count.add(now, seats);
            }
            own.add(now, seats);
            return null;
        }

        private String refusal(String who, int limit) {
            return "too many seats: " + who + " may be handed " + limit + " per " + windowNanos / 1_000_000
                    + "ms (the reservation timeout)";
        }

        void close() {
            if (!closed) {
                closed = true;
                SeatQuota.this.close(addressWindow);
            }
        }
    }

    private static final class AddressWindow {
        final SlidingCount count;
        int users;

        AddressWindow(SlidingCount count) {
            this.count = count;
        }
    }

    /**
     * Seats counted in {@link #BUCKETS} buckets across the window: a seat leaves the count between
     * 7/8 of the window and the window after it was handed out. Not thread-safe.
     */
    static final class SlidingCount {
        static final int BUCKETS = 8;
        private final long bucketNanos;
        private final int[] counts = new int[BUCKETS];
        /** The sum of {@link #counts}, kept as they change: a {@code get} reads it twice. */
        private int total;
        private long newestBucket = Long.MIN_VALUE;

        SlidingCount(long windowNanos) {
            this.bucketNanos = Math.max(1, windowNanos / BUCKETS);
        }

        int total(long now) {
            advance(now);
            return total;
        }

        void add(long now, int seats) {
            advance(now);
            counts[(int) Math.floorMod(newestBucket, (long) BUCKETS)] += seats;
            total += seats;
        }

        private void advance(long now) {
            long bucket = Math.floorDiv(now, bucketNanos);
            if (newestBucket == Long.MIN_VALUE || bucket - newestBucket >= BUCKETS) {
                java.util.Arrays.fill(counts, 0);
                total = 0;
            } else {
                for (long b = newestBucket + 1; b <= bucket; b++) {
                    int slot = (int) Math.floorMod(b, (long) BUCKETS);
                    total -= counts[slot];
                    counts[slot] = 0;
                }
            }
            newestBucket = Math.max(bucket, newestBucket == Long.MIN_VALUE ? bucket : newestBucket);
        }
    }
}
