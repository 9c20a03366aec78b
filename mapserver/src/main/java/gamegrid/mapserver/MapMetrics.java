package gamegrid.mapserver;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * A map server's own metrics (served on its {@code metrics-port-offset}): handoffs through portals and their
 * latency as this server sees them, and the JVM's. Players per map are the dispatcher's (it has them from every
 * server's reports). Thread-safe; the world's loop records.
 */
final class MapMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter handoffs = Counter.builder().name("gamegrid_map_handoffs_total")
            .help("Portal handoffs: out (the player written in transit and sent on, or failed) and in (arrived with a portal token)")
            .labelNames("direction", "outcome").withoutExemplars().register(registry);
    private final Histogram latency = Histogram.builder().name("gamegrid_map_handoff_seconds")
            .help("out: portal step to PORTAL sent (in-transit write and lookup of the next server); in: enter with a token to YOU (load and claim)")
            .labelNames("direction")
            .classicOnly().classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
            .withoutExemplars().register(registry);
    private final CounterDataPoint outOk = handoffs.labelValues("out", "ok");
    private final CounterDataPoint outFailed = handoffs.labelValues("out", "failed");
    private final CounterDataPoint inOk = handoffs.labelValues("in", "ok");
    private final DistributionDataPoint outLatency = latency.labelValues("out");
    private final DistributionDataPoint inLatency = latency.labelValues("in");

    MapMetrics() {
        JvmMetrics.builder().register(registry);
    }

    PrometheusRegistry registry() {
        return registry;
    }

    /** A player stepped through a portal and was sent on, {@code nanos} after its step. */
    void handedOut(long nanos) {
        outOk.inc();
        outLatency.observe(nanos / 1e9);
    }

    /** A portal step that sent nobody on: the store refused the write, or no server hosts the next map. */
    void handOutFailed() {
        outFailed.inc();
    }

    /** A player arrived with a portal token, {@code nanos} after its enter. */
    void handedIn(long nanos) {
        inOk.inc();
        inLatency.observe(nanos / 1e9);
    }
}
