package gamegrid.dispatcher.fleet;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash-loop backoff for one kind of server: consecutive start failures space out the next launch
 * exponentially, from {@code first} up to {@code last}; a server that registers resets it. The log gets a
 * line when the cause changes and when launches recover, not one per attempt.
 * Owned by the {@link FleetController}'s thread.
 */
final class Backoff {
    private static final Logger log = LoggerFactory.getLogger(Backoff.class);

    private final String kind;
    private final long firstNanos;
    private final long lastNanos;
    private int failures;
    private String cause = "";
    private long nextAttemptNanos;
    private long suppressed;

    Backoff(String kind, Duration first, Duration last) {
        this.kind = kind;
        this.firstNanos = first.toNanos();
        this.lastNanos = last.toNanos();
    }

    /** A launched server failed before it registered. */
    void failed(String why, long nowNanos) {
        failures++;
        long delay = failures >= 40 ? lastNanos : Math.min(lastNanos, firstNanos << Math.min(failures - 1, 39));
        nextAttemptNanos = nowNanos + delay;
        if (!why.equals(cause)) {
            log.error("{} servers fail to start: {}; failures={} next attempt in {}ms{}", kind, why, failures,
                    delay / 1_000_000, suppressed > 0 ? " (" + suppressed + " failures with the previous cause not logged)" : "");
            cause = why;
            suppressed = 0;
        } else {
            suppressed++;
            log.debug("{} server failed to start again: {}; failures={} next attempt in {}ms", kind, why, failures, delay / 1_000_000);
        }
    }

    /** A server registered: launching works. */
    void succeeded() {
        if (failures > 0) {
            log.info("{} servers start again after {} failed starts (last cause: {})", kind, failures, cause);
        }
        failures = 0;
        cause = "";
        suppressed = 0;
        nextAttemptNanos = 0;
    }

    boolean mayLaunch(long nowNanos) {
        return failures == 0 || nowNanos - nextAttemptNanos >= 0;
    }

    int failures() {
        return failures;
    }

    String cause() {
        return cause;
    }

    long millisUntilNextAttempt(long nowNanos) {
        return failures == 0 ? 0 : Math.max(0, (nextAttemptNanos - nowNanos) / 1_000_000);
    }
}
