package gamegrid.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the JMH CSV of {@code scripts/bench.sh jmh} and prints what it shows: how the cost of
 * {@link FleetSelectionBenchmark} grows with the number of servers, against logarithmic and linear
 * growth, and {@link PipelineBenchmark}'s dispatcher against the floor. {@code java gamegrid.bench.JmhGrowth FILE.csv...}
 */
public final class JmhGrowth {
    private JmhGrowth() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, TreeMap<Integer, double[]>> growth = new TreeMap<>();
        Map<String, Double> pipeline = new TreeMap<>();
        for (String file : args) {
            List<String> lines = Files.readAllLines(Path.of(file));
            List<String> header = Arrays.asList(unquote(lines.get(0)).split(",", -1));
            int score = header.indexOf("Score");
            int error = header.indexOf("Score Error (99.9%)");
            int servers = header.indexOf("Param: servers");
            int server = header.indexOf("Param: server");
            for (String line : lines.subList(1, lines.size())) {
                String[] c = unquote(line).split(",", -1);
                String name = c[0].substring(c[0].lastIndexOf('.') + 1);
                double value = Double.parseDouble(c[score]);
                if (c[0].contains("FleetSelectionBenchmark") && servers >= 0) {
                    growth.computeIfAbsent(name, n -> new TreeMap<>())
                            .put(Integer.parseInt(c[servers]), new double[] {value, parseOrNaN(c[error])});
                } else if (c[0].contains("PipelineBenchmark") && server >= 0) {
                    pipeline.put(c[server], value);
                }
            }
        }
        if (!growth.isEmpty()) {
            System.out.println();
            System.out.println("Least-loaded selection in Fleet (FleetSelectionBenchmark), ns per operation:");
            System.out.printf(Locale.ROOT, "%-14s %8s %10s %10s %12s %12s %13s%n", "benchmark", "servers", "ns/op",
                    "+/-99.9%", "vs smallest", "log2 growth", "linear growth");
            for (Map.Entry<String, TreeMap<Integer, double[]>> e : growth.entrySet()) {
                int smallest = e.getValue().firstKey();
                double base = e.getValue().firstEntry().getValue()[0];
                for (Map.Entry<Integer, double[]> row : e.getValue().entrySet()) {
                    int n = row.getKey();
                    System.out.printf(Locale.ROOT, "%-14s %8d %10.1f %10.1f %11.2fx %11.2fx %12.0fx%n", e.getKey(), n,
                            row.getValue()[0], row.getValue()[1], row.getValue()[0] / base,
                            log2(n) / log2(smallest), (double) n / smallest);
                }
            }
            System.out.println("At most logarithmic growth: 'vs smallest' stays at or below 'log2 growth' (noise aside).");
        }
        if (pipeline.containsKey("dispatcher") && pipeline.containsKey("floor")) {
            double d = pipeline.get("dispatcher");
            double f = pipeline.get("floor");
            System.out.println();
            System.out.printf(Locale.ROOT, "Java-side cost of one pipelined get (PipelineBenchmark, no sockets): dispatcher %.0f ns,"
                    + " floor %.0f ns, dispatcher's own overhead %.0f ns (%.1fx the floor)%n", d, f, d - f, d / f);
        }
    }

    private static String unquote(String line) {
        return line.replace("\"", "");
    }

    private static double log2(int n) {
        return Math.log(n) / Math.log(2);
    }

    private static double parseOrNaN(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
