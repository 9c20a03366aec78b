package gamegrid.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Draws a benchmark's results as SVG charts beside them, from the {@code RESULT} lines the benchmark printed:
 * <ul>
 *   <li>{@code dispatcher}: throughput and p99 per mode, the dispatcher beside the references measured in the same
 *       run (medians over the runs);</li>
 *   <li>{@code spawn}: time from {@code get} to a new battle server accepting, without and with the class-data
 *       archive, beside a bare JVM; {@code get} p50 and p99 during the growth ramp;</li>
 *   <li>{@code world}: handoff latency and rate beside a bare memcached gets+cas pair;</li>
 *   <li>{@code chat}: world fan-out, the chat server beside Redis pub/sub: deliveries/s, p99, CPU per delivery.</li>
 * </ul>
 *
 * <p>{@code java gamegrid.bench.BenchCharts [dispatcher|spawn|world|chat] RESULTS_FILE OUTPUT_DIR}
 */
public final class BenchCharts {
    private static final Pattern JVM_OPTIONS = Pattern.compile("^jvm-options: (.*)$");
    private static final Pattern SPAWN = Pattern.compile("^RESULT (bare JVM, listen only|get -> new battle server accepting): "
            + "n=\\d+ median=(\\d+) ms");
    private static final Pattern RAMP = Pattern.compile("^RESULT ([^(:]+?)(?: \\([^)]*\\))?: servers at the end=\\d+, "
            + "get p50=(\\d+) us p99=(\\d+) us");
    private static final Pattern WORLD = Pattern.compile("^RESULT (memcached gets\\+cas pair|handoffs), \\d+ concurrent[a-z ]*: "
            + "(\\d+) (?:pairs|handoffs)/s, p50=(\\d+) us p99=(\\d+) us");
    private static final Pattern CHAT = Pattern.compile("^RESULT (chat server|redis pub/sub), \\d+ players: ");
    private static final Pattern CHAT_PASS = Pattern.compile("window (\\d+): (\\d+) deliveries/s, send-to-last-delivery "
            + "p50=\\d+ us p99=(\\d+) us, server cpu ([\\d.]+) us/delivery");

    private BenchCharts() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2 && args.length != 3) {
            System.err.println("usage: BenchCharts [dispatcher|spawn|world|chat] RESULTS_FILE OUTPUT_DIR");
            System.exit(2);
        }
        String benchmark = args.length == 3 ? args[0] : "dispatcher";
        Path results = Path.of(args[args.length - 2]);
        Path out = Files.createDirectories(Path.of(args[args.length - 1]));
        Map<String, String> charts = switch (benchmark) {
            case "dispatcher" -> dispatcher(BenchSummary.read(results));
            case "spawn" -> spawn(Files.readAllLines(results));
            case "world" -> world(Files.readAllLines(results));
            case "chat" -> chat(Files.readAllLines(results));
            default -> throw new IllegalArgumentException("no charts for benchmark " + benchmark);
        };
        StringBuilder written = new StringBuilder("charts:");
        for (Map.Entry<String, String> chart : charts.entrySet()) {
            Files.writeString(out.resolve(chart.getKey()), chart.getValue());
            written.append(' ').append(out.resolve(chart.getKey()));
        }
        System.out.println(written);
    }

    /** Throughput and p99 per mode, from {@link BenchSummary#read}: mode -> server -> figure -> runs. */
    static Map<String, String> dispatcher(Map<String, Map<String, Map<String, List<Double>>>> results) {
        List<String> servers = BenchSummary.SERVERS.stream()
                .filter(s -> results.values().stream().anyMatch(byServer -> byServer.containsKey(s))).toList();
        SvgBarChart throughput = new SvgBarChart("Dispatcher throughput per mode, beside its references", "requests/s", servers);
        SvgBarChart p99 = new SvgBarChart("Dispatcher p99 latency per mode, beside its references", "p99 (ms)", servers);
        for (String mode : BenchSummary.MODES) {
            Map<String, Map<String, List<Double>>> byServer = results.getOrDefault(mode, Map.of());
            for (String server : servers) {
                Map<String, List<Double>> figures = byServer.get(server);
                if (figures != null) {
                    throughput.value(mode, server, BenchSummary.median(figures, "rps"));
                    p99.value(mode, server, BenchSummary.median(figures, "p99us") / 1000);
                }
            }
        }
        return charts("dispatcher-throughput.svg", throughput, "dispatcher-p99.svg", p99);
    }

    /** {@code SpawnBenchmark} once per set of JVM options, then {@code RampBenchmark}. */
    static Map<String, String> spawn(List<String> lines) {
        SvgBarChart spawn = new SvgBarChart("Spawn time: get -> new battle server accepting (median of the launches)", "ms",
                List.of("get -> new server", "bare JVM, listen only"));
        SvgBarChart ramp = new SvgBarChart("get latency while the fleet grows, beside the steady state", "ms", List.of("p50", "p99"));
        String options = "";
        for (String line : lines) {
            Matcher m;
            if ((m = JVM_OPTIONS.matcher(line)).find()) {
                options = m.group(1).contains("SharedArchiveFile") ? "with the class-data archive" : "without the class-data archive";
            } else if ((m = SPAWN.matcher(line)).find()) {
                spawn.value(options, m.group(1).startsWith("bare") ? "bare JVM, listen only" : "get -> new server",
                        Double.parseDouble(m.group(2)));
            } else if ((m = RAMP.matcher(line)).find()) {
                ramp.value(m.group(1), "p50", Double.parseDouble(m.group(2)) / 1000);
                ramp.value(m.group(1), "p99", Double.parseDouble(m.group(3)) / 1000);
            }
        }
        return charts("spawn-time.svg", spawn, "spawn-ramp-get.svg", ramp);
    }

    /** The handoff phase of {@code WorldBenchmark}. */
    static Map<String, String> world(List<String> lines) {
        List<String> series = List.of("handoff", "memcached gets+cas pair");
        SvgBarChart latency = new SvgBarChart("Map handoff latency, beside a bare memcached gets+cas pair", "ms", series);
        SvgBarChart rate = new SvgBarChart("Map handoffs per second, beside bare gets+cas pairs", "per second", series);
        for (String line : lines) {
            Matcher m = WORLD.matcher(line);
            if (m.find()) {
                String what = m.group(1).equals("handoffs") ? "handoff" : "memcached gets+cas pair";
                latency.value("p50", what, Double.parseDouble(m.group(3)) / 1000);
                latency.value("p99", what, Double.parseDouble(m.group(4)) / 1000);
                rate.value("same concurrency", what, Double.parseDouble(m.group(2)));
            }
        }
        return charts("world-handoff-latency.svg", latency, "world-handoff-rate.svg", rate);
    }

    /** {@code ChatBenchmark}: one message at a time, then a window of messages in flight, for each server. */
    static Map<String, String> chat(List<String> lines) {
        List<String> series = List.of("chat server", "redis pub/sub");
        SvgBarChart deliveries = new SvgBarChart("World fan-out: deliveries per second, chat server beside Redis", "deliveries/s", series);
        SvgBarChart p99 = new SvgBarChart("World fan-out: p99 send to last delivery, chat server beside Redis", "ms", series);
        SvgBarChart cpu = new SvgBarChart("World fan-out: server CPU per delivery, chat server beside Redis", "µs per delivery", series);
        for (String line : lines) {
            Matcher server = CHAT.matcher(line);
            if (!server.find()) {
                continue;
            }
            Matcher pass = CHAT_PASS.matcher(line);
            while (pass.find()) {
                String window = pass.group(1).equals("1") ? "one at a time" : pass.group(1) + " in flight";
                deliveries.value(window, server.group(1), Double.parseDouble(pass.group(2)));
                p99.value(window, server.group(1), Double.parseDouble(pass.group(3)) / 1000);
                cpu.value(window, server.group(1), Double.parseDouble(pass.group(4)));
            }
        }
        Map<String, String> charts = charts("chat-deliveries.svg", deliveries, "chat-p99.svg", p99);
        charts.put("chat-cpu.svg", cpu.toSvg());
        return charts;
    }

    private static Map<String, String> charts(String firstName, SvgBarChart first, String secondName, SvgBarChart second) {
        Map<String, String> charts = new LinkedHashMap<>();
        charts.put(firstName, first.toSvg());
        charts.put(secondName, second.toSvg());
        return charts;
    }
}
