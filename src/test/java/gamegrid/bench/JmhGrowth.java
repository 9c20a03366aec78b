package gamegrid.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a JMH CSV result of {@link FleetSelectionBenchmark} and shows how the cost grows with the number
 * of servers, against logarithmic and linear growth. {@code java gamegrid.bench.JmhGrowth FILE.csv}
 */
public final class JmhGrowth {
    private JmhGrowth() {
    }

    public static void main(String[] args) throws IOException {
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        Map<String, TreeMap<Integer, double[]>> byBenchmark = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.replace("\"", "").split(",");
            // Benchmark,Mode,Threads,Samples,Score,Score Error (99.9%),Unit,Param: servers
            String name = c[0].substring(c[0].lastIndexOf('.') + 1);
            byBenchmark.computeIfAbsent(name, n -> new TreeMap<>())
                    .put(Integer.parseInt(c[7]), new double[] {Double.parseDouble(c[4]), parseOrNaN(c[5])});
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-14s %8s %12s %10s %12s %14s %14s%n", "benchmark", "servers", "ns/op",
                "+/- 99.9%", "vs smallest", "log2 growth", "linear growth");
        for (Map.Entry<String, TreeMap<Integer, double[]>> e : byBenchmark.entrySet()) {
            int smallest = e.getValue().firstKey();
            double base = e.getValue().firstEntry().getValue()[0];
            for (Map.Entry<Integer, double[]> row : e.getValue().entrySet()) {
                int n = row.getKey();
                System.out.printf(Locale.ROOT, "%-14s %8d %12.1f %10.1f %11.2fx %13.2fx %13.0fx%n", e.getKey(), n,
                        row.getValue()[0], row.getValue()[1], row.getValue()[0] / base,
                        log2(n) / log2(smallest), (double) n / smallest);
            }
        }
        System.out.println("Logarithmic growth means 'vs smallest' stays at or below 'log2 growth'.");
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
