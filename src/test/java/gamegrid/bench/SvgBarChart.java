package gamegrid.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A grouped bar chart as SVG text: one group per category (a mode), one bar per series (a server), a value label on
 * each bar, on a logarithmic axis (figures of different modes differ a hundredfold). Enough for benchmark figures
 * in a Markdown page, with no charting library.
 */
final class SvgBarChart {
    private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b"};
    private static final int WIDTH = 720;
    private static final int HEIGHT = 360;
    private static final int LEFT = 70;
    private static final int BOTTOM = 50;
    private static final int TOP = 50;

    private final String title;
    private final String unit;
    private final List<String> series;
    /** category -> series -> value (NaN: not measured). */
    private final Map<String, Map<String, Double>> values = new LinkedHashMap<>();

    SvgBarChart(String title, String unit, List<String> series) {
        this.title = title;
        this.unit = unit;
        this.series = List.copyOf(series);
    }

    SvgBarChart value(String category, String seriesName, double value) {
        values.computeIfAbsent(category, c -> new LinkedHashMap<>()).put(seriesName, value);
        return this;
    }

    String toSvg() {
        double[] measured = values.values().stream().flatMap(m -> m.values().stream())
                .filter(v -> !v.isNaN() && v > 0).mapToDouble(Double::doubleValue).toArray();
        double low = Math.floor(Math.log10(java.util.Arrays.stream(measured).min().orElse(1)));
        double high = Math.ceil(Math.log10(java.util.Arrays.stream(measured).max().orElse(10)));
        if (high <= low) {
            high = low + 1;
        }
        double lowest = low;
        double decades = high - low;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        int plotWidth = WIDTH - LEFT - 20;
        java.util.function.DoubleUnaryOperator height = v -> plotHeight * (Math.log10(v) - lowest) / decades;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(text(WIDTH / 2.0, 20, "middle", 15, escape(title)));
        for (double decade = low; decade <= high; decade++) {
            double y = TOP + plotHeight - height.applyAsDouble(Math.pow(10, decade));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    LEFT, y, WIDTH - 20, y));
            svg.append(text(LEFT - 6, y + 4, "end", 11, format(Math.pow(10, decade))));
        }
        svg.append(text(14, TOP - 12, "start", 11, escape(unit + " (log scale)")));
        double groupWidth = plotWidth / (double) Math.max(1, values.size());
        double barWidth = groupWidth * 0.8 / Math.max(1, series.size());
        int group = 0;
        for (Map.Entry<String, Map<String, Double>> category : values.entrySet()) {
            double x0 = LEFT + group * groupWidth + groupWidth * 0.1;
            for (int s = 0; s < series.size(); s++) {
                double value = category.getValue().getOrDefault(series.get(s), Double.NaN);
                if (Double.isNaN(value) || value <= 0) {
                    continue;
                }
                double h = height.applyAsDouble(value);
                double x = x0 + s * barWidth;
                svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s %s: %s</title></rect>%n",
                        x, TOP + plotHeight - h, barWidth - 2, h, COLOURS[s % COLOURS.length],
                        escape(category.getKey()), escape(series.get(s)), format(value)));
                svg.append(text(x + (barWidth - 2) / 2, TOP + plotHeight - h - 4, "middle", 10, format(value)));
            }
            svg.append(text(x0 + groupWidth * 0.4, HEIGHT - BOTTOM + 18, "middle", 12, escape(category.getKey())));
            group++;
        }
        for (int s = 0; s < series.size(); s++) {
            double x = LEFT + s * 120;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
                    x, HEIGHT - 22, COLOURS[s % COLOURS.length]));
            svg.append(text(x + 16, HEIGHT - 12, "start", 12, escape(series.get(s))));
        }
        return svg.append("</svg>\n").toString();
    }

    private static String text(double x, double y, String anchor, int size, String content) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
                x, y, anchor, size, content);
    }

    private static String format(double value) {
        if (value == 0) {
            return "0";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.3g", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
