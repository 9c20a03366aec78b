package gamegrid.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the {@code RESULT ...} lines {@code scripts/bench.sh dispatcher} collected and prints, per mode,
 * the median of each figure for the dispatcher and the floor, their ratio, and how the dispatcher compares
 * with the original Python/Twisted dispatcher and the targets: against the original measured in the same
 * run when it was, and against the figures the issue quotes for it in any case.
 *
 * <p>{@code java gamegrid.bench.BenchSummary RESULTS_FILE}
 */
public final class BenchSummary {
    /** The original dispatcher as issue 6 quotes it: requests per second, p99 about 2.4 ms in every mode. */
    private static final Map<String, Double> ORIGINAL_RPS = Map.of("short", 32_000.0, "persistent", 74_000.0,
            "pipelined", 510_000.0);
    private static final double ORIGINAL_P99_US = 2_400;
    private static final List<String> MODES = List.of("short", "persistent", "pipelined");

    private BenchSummary() {
    }

    public static void main(String[] args) throws IOException {
        // mode -> label -> key -> values
        Map<String, Map<String, Map<String, List<Double>>>> results = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (!line.startsWith("RESULT ")) {
                continue;
            }
            Map<String, String> fields = new HashMap<>();
            for (String pair : line.substring("RESULT ".length()).split(" ")) {
                int eq = pair.indexOf('=');
                fields.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            Map<String, List<Double>> figures = results.computeIfAbsent(fields.get("mode"), m -> new LinkedHashMap<>())
                    .computeIfAbsent(fields.get("label"), l -> new LinkedHashMap<>());
            fields.forEach((key, value) -> {
                try {
                    figures.computeIfAbsent(key, k -> new ArrayList<>()).add(Double.parseDouble(value));
                } catch (NumberFormatException e) {
                    // label and mode
                }
            });
        }
        System.out.println();
        System.out.println("Medians per mode (runs in brackets); latencies in microseconds; cpu = server CPU per request.");
        System.out.printf(Locale.ROOT, "%-10s | %-4s | %12s %12s %6s | %8s %8s | %8s %8s | %7s %7s | %6s | %6s | %s%n",
                "mode", "runs", "dispatcher/s", "floor/s", "ratio", "p99 disp", "p99 flr", "p999 dsp", "p999 flr",
                "cpu dsp", "cpu flr", "errors", "other%", "vs original (target)");
        for (String mode : MODES) {
            Map<String, Map<String, List<Double>>> byLabel = results.get(mode);
            if (byLabel == null) {
                continue;
            }
            Map<String, List<Double>> d = byLabel.getOrDefault("dispatcher", Map.of());
            Map<String, List<Double>> f = byLabel.getOrDefault("floor", Map.of());
            double dRps = median(d, "rps");
            double fRps = median(f, "rps");
            double original = ORIGINAL_RPS.get(mode);
            double p99 = median(d, "p99us");
            String versus = String.format(Locale.ROOT, "%.2fx quoted rps (%s), p99 %s quoted ~2400",
                    dRps / original, mode.equals("short") ? "target: higher" : "target >= 3x",
                    p99 < ORIGINAL_P99_US ? "below" : "NOT below");
            System.out.printf(Locale.ROOT,
                    "%-10s | %-4d | %12.0f %12.0f %5.0f%% | %8.0f %8.0f | %8.0f %8.0f | %7.2f %7.2f | %6.0f | %6.0f | %s%n",
                    mode, d.getOrDefault("rps", List.of()).size(), dRps, fRps, 100 * dRps / fRps, p99,
                    median(f, "p99us"), median(d, "p999us"), median(f, "p999us"), median(d, "serverUsPerReq"),
                    median(f, "serverUsPerReq"), sum(d, "errors") + sum(f, "errors"),
                    median(concat(d, f, "otherCpuPct")), versus);
        }
        System.out.println("ratio = dispatcher/floor throughput (target >= 90%); other% = median CPU the rest of the"
                + " machine used during the runs, in % of one core (other people's work, kernel softirq, steal).");
        printMeasuredOriginal(results);
        printSpread(results);
    }

    /** Throughput of every server in every mode, lowest and highest run: how far to trust the medians. */
    private static void printSpread(Map<String, Map<String, Map<String, List<Double>>>> results) {
        System.out.println();
        System.out.println("Spread of requests/s over the runs (min - max):");
        for (String mode : MODES) {
            Map<String, Map<String, List<Double>>> byLabel = results.getOrDefault(mode, Map.of());
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-10s |", mode));
            byLabel.forEach((label, figures) -> {
                DoubleSummaryStatistics rps = figures.getOrDefault("rps", List.of()).stream()
                        .mapToDouble(Double::doubleValue).summaryStatistics();
                line.append(String.format(Locale.ROOT, " %s %.0f - %.0f;", label, rps.getMin(), rps.getMax()));
            });
            if (!byLabel.isEmpty()) {
                System.out.println(line);
            }
        }
    }

    /** The dispatcher against the original Twisted dispatcher run beside it, where it was. */
    private static void printMeasuredOriginal(Map<String, Map<String, Map<String, List<Double>>>> results) {
        if (results.values().stream().noneMatch(byLabel -> byLabel.containsKey("original"))) {
            return;
        }
        System.out.println();
        System.out.println("Against the original Twisted dispatcher measured in the same run (medians):");
        System.out.printf(Locale.ROOT, "%-10s | %12s %12s %7s | %8s %8s | %7s %7s | %s%n", "mode", "dispatcher/s",
                "original/s", "speedup", "p99 disp", "p99 orig", "cpu dsp", "cpu org", "target");
        for (String mode : MODES) {
            Map<String, Map<String, List<Double>>> byLabel = results.get(mode);
            if (byLabel == null || !byLabel.containsKey("original")) {
                continue;
            }
            Map<String, List<Double>> d = byLabel.getOrDefault("dispatcher", Map.of());
            Map<String, List<Double>> o = byLabel.get("original");
            double speedup = median(d, "rps") / median(o, "rps");
            boolean lowerP99 = median(d, "p99us") < median(o, "p99us");
            String target = mode.equals("short")
                    ? "lower p99: " + (lowerP99 ? "met" : "NOT met")
                    : ">= 3x and lower p99: " + (speedup >= 3 && lowerP99 ? "met" : "NOT met");
            System.out.printf(Locale.ROOT, "%-10s | %12.0f %12.0f %6.2fx | %8.0f %8.0f | %7.2f %7.2f | %s%n", mode,
                    median(d, "rps"), median(o, "rps"), speedup, median(d, "p99us"), median(o, "p99us"),
                    median(d, "serverUsPerReq"), median(o, "serverUsPerReq"), target);
        }
    }

    private static double median(Map<String, List<Double>> figures, String key) {
        return median(figures.getOrDefault(key, List.of()));
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double sum(Map<String, List<Double>> figures, String key) {
        return figures.getOrDefault(key, List.of()).stream().mapToDouble(Double::doubleValue).sum();
    }

    private static List<Double> concat(Map<String, List<Double>> a, Map<String, List<Double>> b, String key) {
        List<Double> all = new ArrayList<>(a.getOrDefault(key, List.of()));
        all.addAll(b.getOrDefault(key, List.of()));
        return all;
    }
}
