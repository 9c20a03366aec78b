package gamegrid.dispatcher.admin;

import gamegrid.dispatcher.RequestObserver;
import gamegrid.dispatcher.fleet.FleetEvent;
import gamegrid.dispatcher.fleet.FleetView;
import gamegrid.dispatcher.fleet.ServerState;
import gamegrid.protocol.dispatch.Reply;
import gamegrid.protocol.dispatch.Request;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The dispatcher's metrics in its own Prometheus registry (so that several dispatchers in one test JVM do not
 * share counters): requests by command and outcome and the latency of {@code get} from the connection
 * handlers; launches, start times, crashes, back-offs and drains from fleet events; servers, players and
 * reservations from the fleet's view at each scrape; and the JVM's own.
 */
public final class DispatcherMetrics implements RequestObserver, Consumer<FleetEvent> {
    /** Content type of {@link #scrape}. */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests = Counter.builder().name("gamegrid_dispatcher_requests_total")
            .help("Requests answered, by command and outcome (ok or error)").labelNames("command", "outcome")
            .withoutExemplars().register(registry);
    private final Histogram getLatency = Histogram.builder().name("gamegrid_dispatcher_get_seconds")
            .help("Time from a get (or map, chat) read to its answer, by kind of server").labelNames("kind")
            .classicOnly().classicUpperBounds(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.25,
                    0.5, 1, 2.5, 5, 10)
            .withoutExemplars().register(registry);
    private final Gauge servers = gauge("gamegrid_fleet_servers", "Servers by kind and state", "kind", "state");
    private final Gauge players = gauge("gamegrid_fleet_players", "Players on the servers of a kind", "kind");
    private final Gauge reservations = gauge("gamegrid_fleet_reservations", "Seats handed out and not yet claimed", "kind");
    private final Gauge mapPlayers = gauge("gamegrid_map_players", "Players on a map, over all its instances", "map");
    private final Gauge mapInstances = gauge("gamegrid_map_instances", "Map servers hosting a map", "map");
    private final Gauge failures = gauge("gamegrid_fleet_failed_starts", "Failed starts in a row, by kind", "kind");
    private final Counter launches = counter("gamegrid_fleet_launches_total", "Server processes started");
    private final Counter crashes = counter("gamegrid_fleet_crashes_total", "Servers that exited or were given up without being asked");
    private final Counter backoffs = counter("gamegrid_fleet_backoffs_total", "Failed starts after which the kind waits (crash-loop back-off)");
    private final Counter drains = counter("gamegrid_fleet_drains_total", "Servers told to finish and exit");
    private final Counter unresponsive = counter("gamegrid_fleet_unresponsive_total", "Servers taken out of routing as silent");
    private final Histogram startTime = Histogram.builder().name("gamegrid_fleet_start_seconds")
            .help("Time from launch to a registered, ready server").labelNames("kind")
            .classicOnly().classicUpperBounds(0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 15, 30)
            .withoutExemplars().register(registry);
    /** The counters of each command and outcome, resolved once: the hot path makes no label lists. */
    private final Map<String, CounterDataPoint> requestPoints = new ConcurrentHashMap<>();
    private final Map<String, GetPoints> getPoints = new ConcurrentHashMap<>();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    /** Maps hosted at some scrape; scrapes run one at a time on the admin server's one event loop. */
    private final java.util.Set<String> mapsSeen = new java.util.TreeSet<>();

    public DispatcherMetrics() {
        JvmMetrics.builder().register(registry);
    }

    @Override
    public void answered(Request request, Reply reply, long nanos) {
        boolean ok = !(reply instanceof Reply.Err);
        if (request instanceof Request.Get get) {
            // The hot path: a plain map read for the kind's resolved data points, no label lists, no lambdas.
            GetPoints points = getPoints.get(get.kind());
            if (points == null) {
                points = getPoints.computeIfAbsent(get.kind(), this::getPoints);
            }
            (ok ? points.ok : points.error).inc();
            points.latency.observe(nanos / 1e9);
            return;
        }
        String command = command(request);
        requestPoints.computeIfAbsent(ok ? command : command + "\0", key -> requests.labelValues(command, ok ? "ok" : "error"))
                .inc();
    }

    private GetPoints getPoints(String kind) {
        String command = getCommand(kind);
        return new GetPoints(requests.labelValues(command, "ok"), requests.labelValues(command, "error"),
                getLatency.labelValues(kind));
    }

    /** A kind's {@code get} counters and latency, resolved once. */
    private record GetPoints(CounterDataPoint ok, CounterDataPoint error, DistributionDataPoint latency) {
    }

    /** A fleet event, on the fleet's thread. */
    @Override
    public void accept(FleetEvent event) {
        switch (event.type()) {
            case LAUNCHED -> launches.labelValues(event.kind()).inc();
            case READY -> startTime.labelValues(event.kind()).observe(event.millis() / 1e3);
            case CRASHED -> crashes.labelValues(event.kind()).inc();
            case BACKOFF -> backoffs.labelValues(event.kind()).inc();
            case DRAINING -> drains.labelValues(event.kind()).inc();
            case UNRESPONSIVE -> unresponsive.labelValues(event.kind()).inc();
            default -> { }
        }
    }

    /** Sets the gauges from the fleet at this moment, then writes every metric in Prometheus text format. */
    public void scrape(FleetView view, OutputStream out) throws IOException {
        // A map no server hosts any more reads 0 rather than its last count.
        Map<String, Integer> onMap = new TreeMap<>();
        Map<String, Integer> instances = new TreeMap<>();
        mapsSeen.forEach(map -> {
            onMap.put(map, 0);
            instances.put(map, 0);
        });
        for (FleetView.KindView kind : view.kinds()) {
            players.labelValues(kind.kind()).set(kind.players());
            reservations.labelValues(kind.kind()).set(kind.reserved());
            failures.labelValues(kind.kind()).set(kind.failures());
            for (ServerState state : ServerState.values()) {
                servers.labelValues(kind.kind(), state.name()).set(
                        view.servers().stream().filter(s -> s.kind().equals(kind.kind()) && s.state() == state).count());
            }
        }
        for (FleetView.ServerView server : view.servers()) {
            server.routes().forEach((map, count) -> {
                onMap.merge(map, count, Integer::sum);
                instances.merge(map, 1, Integer::sum);
            });
        }
        mapsSeen.addAll(onMap.keySet());
        onMap.forEach((map, count) -> mapPlayers.labelValues(map).set(count));
        instances.forEach((map, count) -> mapInstances.labelValues(map).set(count));
        writer.write(out, registry.scrape());
    }

    /** The command's name on the wire: {@code get}, {@code map} and {@code chat} for the three kinds of get. */
    static String command(Request request) {
        if (request instanceof Request.Get get) {
            return getCommand(get.kind());
        }
        return request instanceof Request.Invalid ? "invalid" : request.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code get} for battle seats (the original command), else the kind's own command: {@code map}, {@code chat}. */
    private static String getCommand(String kind) {
        return kind.equals(Request.BATTLE) ? "get" : kind;
    }

    private Gauge gauge(String name, String help, String... labels) {
        return Gauge.builder().name(name).help(help).labelNames(labels).register(registry);
    }

    private Counter counter(String name, String help) {
        return Counter.builder().name(name).help(help).labelNames("kind").withoutExemplars().register(registry);
    }
}
