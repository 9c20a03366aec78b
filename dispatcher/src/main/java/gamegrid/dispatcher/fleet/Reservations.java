package gamegrid.dispatcher.fleet;

/**
 * Seats handed out by {@code get} and not yet claimed by an {@code add}, counted per clock tick in a
 * ring so that memory stays constant however many are outstanding and expiry is cheap.
 * A reservation made at tick {@code t} expires when the ring reaches tick {@code t + slots}.
 * Not thread-safe: the {@link RoutingTable} guards it.
 */
final class Reservations {
    private final int[] counts;
    private long newestTick;
    private int active;

    Reservations(int slots) {
        if (slots < 2) {
            throw new IllegalArgumentException("need at least two slots");
        }
        this.counts = new int[slots];
    }

    /** Moves the clock to {@code tick}, dropping what has expired; returns how many expired. */
    int advance(long tick) {
        if (tick <= newestTick) {
            return 0;
        }
        long steps = Math.min(tick - newestTick, counts.length);
        int expired = 0;
        for (long i = 1; i <= steps; i++) {
            int slot = slot(newestTick + i);
            expired += counts[slot];
            counts[slot] = 0;
        }
        newestTick = tick;
        active -= expired;
        return expired;
    }

    void reserve(long tick, int seats) {
        advance(tick);
        counts[slot(newestTick)] += seats;
        active += seats;
    }


    /** Claims the oldest reservation, if any, for a player who arrived. */
    boolean claimOldest() {
        if (active == 0) {
            return false;
        }
        for (long t = newestTick - counts.length + 1; t <= newestTick; t++) {
            int slot = slot(t);
            if (counts[slot] > 0) {
                counts[slot]--;
                active--;
                return true;
            }
        }
        throw new IllegalStateException("reservation count out of step with its ring");
    }

    int count() {
        return active;
    }

    private int slot(long tick) {
        return (int) Math.floorMod(tick, (long) counts.length);
    }
}
