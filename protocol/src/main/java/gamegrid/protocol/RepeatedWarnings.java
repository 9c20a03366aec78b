package gamegrid.protocol;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Warnings caused by peers, rate-limited so that no peer can flood the log: at most one line per peer
 * each interval, and at most {@code maxPerInterval} lines in all. A line that follows suppressed ones
 * says how many there were. Remembers a bounded number of peers (the least recently heard is forgotten).
 * Thread-safe.
 */
public final class RepeatedWarnings {
    private static final int MAX_PEERS = 4096;

    private final Logger log;
    private final long intervalNanos;
    private final int maxPerInterval;
    private final LongSupplier nanoClock;
    private final Map<Object, PeerState> peers = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Object, PeerState> eldest) {
            return size() > MAX_PEERS;
        }
    };
    private long windowStart;
    private int loggedInWindow;
    private long suppressedOverall;

    public RepeatedWarnings(Logger log, Duration interval, int maxPerInterval, LongSupplier nanoClock) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.maxPerInterval = maxPerInterval;
        this.nanoClock = nanoClock;
        this.windowStart = nanoClock.getAsLong();
    }

    /** Logs {@code message} (slf4j format) for {@code peer} at WARN, unless rate-limited. */
    public void warn(Object peer, String message, Object... args) {
        long suppressed;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            if (now - windowStart >= intervalNanos) {
                windowStart = now;
                loggedInWindow = 0;
            }
            PeerState state = peers.computeIfAbsent(peer, p -> new PeerState());
            if ((state.lastLogged != Long.MIN_VALUE && now - state.lastLogged < intervalNanos)
                    || loggedInWindow >= maxPerInterval) {
                state.suppressed++;
                suppressedOverall++;
                return;
            }
            suppressed = state.suppressed;
            state.suppressed = 0;
            state.lastLogged = now;
            loggedInWindow++;
        }
        if (suppressed == 0) {
            log.warn(message, args);
        } else {
            // The count goes before a trailing throwable, which slf4j prints as a stack trace only when last.
            int at = args.length > 0 && args[args.length - 1] instanceof Throwable ? args.length - 1 : args.length;
            Object[] withCount = new Object[args.length + 1];
            System.arraycopy(args, 0, withCount, 0, at);
            withCount[at] = suppressed;
            System.arraycopy(args, at, withCount, at + 1, args.length - at);
            log.warn(message + " ({} more like it from this peer suppressed)", withCount);
        }
    }

    /** Lines not written since this object was made, for tests and final reports. */
    public synchronized long suppressed() {
        return suppressedOverall;
    }

    private static final class PeerState {
        long lastLogged = Long.MIN_VALUE;
        long suppressed;
    }
}
