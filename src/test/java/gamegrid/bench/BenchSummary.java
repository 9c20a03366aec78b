package gamegrid.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the {@code RESULT ...} lines {@code scripts/bench.sh dispatcher} collected and prints, per mode and
 * server, the median of each figure over the runs with its spread (min - max), then the dispatcher against
 * the targets of issue 11, each against a server measured in the same run: the original Twisted dispatcher
 * and the C reference server.
 *
 * <p>{@code java gamegrid.bench.BenchSummary RESULTS_FILE}
 */
public final class BenchSummary {
    static final List<String> MODES = List.of("short", "persistent", "pipelined");
    static final List<String> SERVERS = List.of("dispatcher", "original", "ref", "floor");
    /** Least dispatcher throughput, as a share of the reference named, per mode. */
    private static final Map<String, Target> THROUGHPUT_TARGETS = Map.of(
            "short", new Target("original", 1.2),
            "persistent", new Target("ref", 0.85),
            "pipelined", new Target("ref", 0.60));
    /** Most the dispatcher's p99 may be, as a multiple of the C reference's, in the modes it applies to. */
    private static final double P99_OVER_REF = 2.0;

    private record Target(String reference, double share) {
    }

    private BenchSummary() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, Map<String, Map<String, List<Double>>>> results = read(Path.of(args[0]));
        System.out.println();
        System.out.println("Medians over the runs, (min - max) in brackets; latencies in microseconds; srv% and gen% = CPU of"
                + " the server and of the load generator, in % of one core, the generator's own code (user time) in brackets,"
                + " the rest being the kernel's TCP work for both ends of loopback; us/req = server CPU per request.");
        System.out.printf(Locale.ROOT, "%-10s %-10s | %4s | %28s | %6s | %22s | %7s | %5s %7s | %9s | %6s | %4s%n", "mode",
                "server", "runs", "requests/s", "p50", "p99", "p99.9", "srv%", "us/req", "gen%", "errors", "load");
        for (String mode : MODES) {
            Map<String, Map<String, List<Double>>> byLabel = results.getOrDefault(mode, Map.of());
            for (String label : SERVERS) {
                Map<String, List<Double>> f = byLabel.get(label);
                if (f == null) {
                    continue;
                }
                System.out.printf(Locale.ROOT, "%-10s %-10s | %4d | %28s | %6.0f | %22s | %7.0f | %5.0f %7.2f | %4.0f (%2.0f) | %6.0f | %4.2f%n",
                        mode, label, f.getOrDefault("rps", List.of()).size(), spread(f, "rps"), median(f, "p50us"),
                        spread(f, "p99us"), median(f, "p999us"), median(f, "serverCpuPct"), median(f, "serverUsPerReq"),
                        median(f, "clientCpuPct"), median(f, "clientUserPct"), sum(f, "errors"), median(f, "loadavg"));
            }
        }
        printTargets(results);
    }

    /** The {@code RESULT} lines of a results file: mode -> server label -> figure -> one value per run. */
    static Map<String, Map<String, Map<String, List<Double>>>> read(Path file) throws IOException {
        Map<String, Map<String, Map<String, List<Double>>>> results = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
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
        return results;
    }

    private static void printTargets(Map<String, Map<String, Map<String, List<Double>>>> results) {
        System.out.println();
        System.out.println("The dispatcher against the targets (medians, references measured in the same run):");
        for (String mode : MODES) {
            Map<String, Map<String, List<Double>>> byLabel = results.getOrDefault(mode, Map.of());
            Map<String, List<Double>> d = byLabel.get("dispatcher");
            if (d == null) {
                continue;
            }
            List<String> verdicts = new ArrayList<>();
            Target target = THROUGHPUT_TARGETS.get(mode);
            Map<String, List<Double>> reference = byLabel.get(target.reference());
            if (reference != null) {
                double share = median(d, "rps") / median(reference, "rps");
                verdicts.add(String.format(Locale.ROOT, "throughput %.2fx %s (target >= %.2fx: %s)", share,
                        target.reference(), target.share(), share >= target.share() ? "met" : "MISSED"));
            }
            Map<String, List<Double>> original = byLabel.get("original");
            if (original != null) {
                double p99 = median(d, "p99us");
                double theirs = median(original, "p99us");
                verdicts.add(String.format(Locale.ROOT, "p99 %.0f vs original %.0f (%s)", p99, theirs,
                        p99 <= theirs ? "met" : "MISSED"));
            }
            Map<String, List<Double>> ref = byLabel.get("ref");
            if (ref != null && !mode.equals("short")) {
                double over = median(d, "p99us") / median(ref, "p99us");
                verdicts.add(String.format(Locale.ROOT, "p99 %.2fx ref (target <= %.1fx: %s)", over, P99_OVER_REF,
                        over <= P99_OVER_REF ? "met" : "MISSED"));
            }
            verdicts.add(sum(d, "errors") == 0 ? "no errors" : "ERRORS: " + (long) sum(d, "errors"));
            System.out.printf(Locale.ROOT, "%-10s | %s%n", mode, String.join("; ", verdicts));
        }
    }

    private static String spread(Map<String, List<Double>> figures, String key) {
        double[] values = figures.getOrDefault(key, List.of()).stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (values.length == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%,.0f (%,.0f - %,.0f)", median(figures, key), values[0], values[values.length - 1]);
    }

    static double median(Map<String, List<Double>> figures, String key) {
        double[] sorted = figures.getOrDefault(key, List.of()).stream().mapToDouble(Double::doubleValue).toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double sum(Map<String, List<Double>> figures, String key) {
        return figures.getOrDefault(key, List.of()).stream().mapToDouble(Double::doubleValue).sum();
    }
}
