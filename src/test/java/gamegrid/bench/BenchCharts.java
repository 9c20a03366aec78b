package gamegrid.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Draws the results of {@code scripts/bench.sh dispatcher} as SVG charts beside them: throughput and p99 per mode,
 * the dispatcher beside the references measured in the same run (medians over the runs).
 *
 * <p>{@code java gamegrid.bench.BenchCharts RESULTS_FILE OUTPUT_DIR}
 */
public final class BenchCharts {
    private BenchCharts() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, Map<String, Map<String, List<Double>>>> results = BenchSummary.read(Path.of(args[0]));
        Path out = Files.createDirectories(Path.of(args[1]));
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
        Files.writeString(out.resolve("dispatcher-throughput.svg"), throughput.toSvg());
        Files.writeString(out.resolve("dispatcher-p99.svg"), p99.toSvg());
        System.out.println("charts: " + out.resolve("dispatcher-throughput.svg") + " " + out.resolve("dispatcher-p99.svg"));
    }
}
