package gamegrid.fightserver;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How long rounds take to resolve on this server (the rules plus writing the events to the players'
 * connections), in power-of-two microsecond buckets. Recorded from every event loop without locks;
 * reported when the server stops, so an operator or a benchmark can read it in the log.
 */
final class RoundTimings {
    private static final int BUCKETS = 40;
    /** Bucket {@code i} counts resolutions shorter than {@code 2^i} microseconds (and at least half that). */
    private final AtomicLongArray buckets = new AtomicLongArray(BUCKETS);

    void record(long nanos) {
        long micros = Math.max(1, nanos / 1_000);
        int bucket = Math.min(BUCKETS - 1, 64 - Long.numberOfLeadingZeros(micros));
        buckets.incrementAndGet(bucket);
    }

    /** {@code rounds=N p50<Xus p99<Yus p99.9<Zus}: upper bounds, never under-estimates. */
    String summary() {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += buckets.get(i);
        }
        return "rounds=" + total + " p50<" + upperBoundMicros(total, 0.5) + "us p99<" + upperBoundMicros(total, 0.99)
                + "us p99.9<" + upperBoundMicros(total, 0.999) + "us";
    }

    private long upperBoundMicros(long total, double fraction) {
        long wanted = (long) Math.ceil(total * fraction);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += buckets.get(i);
            if (seen >= wanted && seen > 0) {
                return 1L << i;
            }
        }
        return 0;
    }
}
