package gamegrid.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SvgBarChartTest {
    private static final Pattern BAR = Pattern.compile("<rect x=\"[\\d.]+\" y=\"[\\d.]+\" width=\"[\\d.]+\" height=\"([\\d.]+)\" fill=\"[^\"]+\"><title>([^<]+)</title>");

    @Test
    void eachMeasuredValueIsOneBarTallerForLargerValuesOnALogScale() {
        String svg = new SvgBarChart("requests <per> mode", "requests/s", List.of("dispatcher", "original"))
                .value("short", "dispatcher", 1_000).value("short", "original", 10_000)
                .value("pipelined", "dispatcher", 100_000).value("pipelined", "original", Double.NaN)
                .toSvg();
        Matcher bars = BAR.matcher(svg);
        List<Double> heights = new java.util.ArrayList<>();
        List<String> titles = new java.util.ArrayList<>();
        while (bars.find()) {
            heights.add(Double.parseDouble(bars.group(1)));
            titles.add(bars.group(2));
        }
        assertEquals(List.of("short dispatcher: 1,000", "short original: 10,000", "pipelined dispatcher: 100,000"), titles,
                "no bar for a server not measured");
        // Log scale over 10^3..10^5: equal steps per decade, the smallest value at the axis.
        assertEquals(0, heights.get(0), 0.01);
        assertEquals(heights.get(1) * 2, heights.get(2), 0.01);
        assertTrue(svg.contains("requests &lt;per&gt; mode"), "text is escaped");
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"") && svg.endsWith("</svg>\n"));
    }
}
