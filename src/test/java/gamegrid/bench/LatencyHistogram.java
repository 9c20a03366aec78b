package gamegrid.bench;

/**
 * A fixed-size log-linear latency histogram in nanoseconds (HdrHistogram is not on the class path):
 * exact below 128 ns, then 64 buckets per power of two, so any reported percentile is at most 1/64
 * (1.6 %) above the true value. Recording allocates nothing. Not thread-safe: one per event loop.
 */
final class LatencyHistogram {
    private static final int SUB_BITS = 6;
    private static final int SUB_COUNT = 1 << SUB_BITS;
    /** Enough buckets for any positive long. */
    private static final int BUCKETS = (63 - SUB_BITS) * SUB_COUNT + 2 * SUB_COUNT;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long max;

    void record(long nanos) {
        long v = Math.max(0, nanos);
        counts[index(v)]++;
        total++;
        if (v > max) {
            max = v;
        }
    }

    long count() {
        return total;
    }

    long max() {
        return max;
    }

    /** The highest value of the bucket holding the given quantile (0..1), so never an under-estimate. */
    long quantile(double q) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(highestValue(i), max);
            }
        }
        return max;
    }

    static int index(long v) {
        if (v < 2 * SUB_COUNT) {
            return (int) v;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(v); // v in [2^e, 2^(e+1)), e >= SUB_BITS + 1
        int shift = exponent - SUB_BITS;
        int top = (int) (v >>> shift); // in [SUB_COUNT, 2 * SUB_COUNT)
        return shift * SUB_COUNT + top;
    }

    static long highestValue(int index) {
        if (index < 2 * SUB_COUNT) {
            return index;
        }
        int shift = (index >> SUB_BITS) - 1;
        long top = (index & (SUB_COUNT - 1)) + SUB_COUNT;
        return ((top + 1) << shift) - 1;
    }
}
