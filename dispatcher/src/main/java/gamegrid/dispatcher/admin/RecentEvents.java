package gamegrid.dispatcher.admin;

import gamegrid.dispatcher.fleet.FleetEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The last {@link #CAPACITY} fleet events with the wall-clock time they were told, for the status page.
 * Written on the fleet's thread and read on the admin server's loop: the one place here with a lock, held
 * for a copy of fifty references at most.
 */
final class RecentEvents implements Consumer<FleetEvent> {
    static final int CAPACITY = 50;

    /** An event and when it was told, in milliseconds since the epoch. */
    record Entry(long epochMillis, FleetEvent event) {
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>(CAPACITY);
    private final LongSupplier wallClock;

    RecentEvents(LongSupplier wallClock) {
        this.wallClock = wallClock;
    }

    @Override
    public synchronized void accept(FleetEvent event) {
        if (entries.size() == CAPACITY) {
            entries.removeFirst();
        }
        entries.addLast(new Entry(wallClock.getAsLong(), event));
    }

    /** The events kept, newest first. */
    synchronized List<Entry> newestFirst() {
        List<Entry> copy = new ArrayList<>(entries);
        java.util.Collections.reverse(copy);
        return copy;
    }
}
