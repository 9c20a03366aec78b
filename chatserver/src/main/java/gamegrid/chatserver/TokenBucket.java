package gamegrid.chatserver;

/**
 * A token bucket: {@code burst} messages at once, then one per {@code 1/perSecond}. Times come from the
 * caller (nanoseconds from any monotonic clock), so rule tests can drive it. Not thread-safe: each bucket
 * belongs to the thread that owns its player.
 */
public final class TokenBucket {
    private final Rate rate;
    private double tokens;
    private long lastNanos;

    /** How fast a bucket refills and how much it holds. */
    public record Rate(double perSecond, int burst) {
        public Rate {
            if (perSecond <= 0 || burst < 1) {
                throw new IllegalArgumentException("a rate needs perSecond > 0 and burst >= 1");
            }
        }
    }

    TokenBucket(Rate rate, long nowNanos) {
        this.rate = rate;
        this.tokens = rate.burst();
        this.lastNanos = nowNanos;
    }

    /** Takes one token if there is one; otherwise returns the nanoseconds until there will be, and takes nothing. */
    long tryTake(long nowNanos) {
        tokens = Math.min(rate.burst(), tokens + (nowNanos - lastNanos) * rate.perSecond() / 1e9);
        lastNanos = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / rate.perSecond() * 1e9);
    }
}
