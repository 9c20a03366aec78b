package gamegrid.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The charts of the spawn, world and chat benchmarks, drawn from result output in the benchmarks' own formats. */
class BenchChartsTest {
    private static final Pattern BAR_TITLE = Pattern.compile("<title>([^<]+)</title>");

    /** Each bar's {@code category series: value}, in drawing order. */
    private static List<String> bars(String svg) {
        List<String> titles = new ArrayList<>();
        Matcher m = BAR_TITLE.matcher(svg);
        while (m.find()) {
            titles.add(m.group(1));
        }
        return titles;
    }

    @Test
    void spawnTimesWithoutAndWithTheArchiveAndTheRampsGetLatency() {
        Map<String, String> charts = BenchCharts.spawn(List.of(
                "jvm-options: -Xms32m -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k",
                "RESULT bare JVM, listen only: n=10 median=75 ms min=70 ms max=90 ms",
                "  launch  1: 127.0.0.1:7000 ready and accepting after 452 ms",
                "RESULT get -> new battle server accepting: n=10 median=449 ms min=380 ms max=554 ms",
                "jvm-options: -Xms32m -Xmx128m -XX:SharedArchiveFile=target/fightserver.jsa -Xshare:auto",
                "RESULT bare JVM, listen only: n=10 median=78 ms min=70 ms max=90 ms",
                "RESULT get -> new battle server accepting: n=10 median=277 ms min=253 ms max=312 ms",
                "150 gets at 40/s, 20 seats per server, up to 9 servers",
                "RESULT steady state (all servers already running): servers at the end=9, get p50=1700 us p99=4500 us max=9800 us",
                "RESULT growth, no warm spares: servers at the end=8, get p50=1200 us p99=274000 us max=286000 us",
                "RESULT growth, warm spares (high-water 20 seats, 2 ahead): servers at the end=9, get p50=1300 us p99=8300 us max=8400 us"));
        assertEquals(List.of("spawn-time.svg", "spawn-ramp-get.svg"), List.copyOf(charts.keySet()));
        assertEquals(List.of("without the class-data archive get -&gt; new server: 449",
                "without the class-data archive bare JVM, listen only: 75.0",
                "with the class-data archive get -&gt; new server: 277",
                "with the class-data archive bare JVM, listen only: 78.0"), bars(charts.get("spawn-time.svg")));
        assertEquals(List.of("steady state p50: 1.70", "steady state p99: 4.50", "growth, no warm spares p50: 1.20",
                "growth, no warm spares p99: 274", "growth, warm spares p50: 1.30", "growth, warm spares p99: 8.30"),
                bars(charts.get("spawn-ramp-get.svg")));
    }

    @Test
    void handoffLatencyAndRateBesideTheBareMemcachedPair() {
        Map<String, String> charts = BenchCharts.world(List.of(
                "RESULT memcached gets+cas pair, 16 concurrent: 9800 pairs/s, p50=1600 us p99=14000 us",
                "RESULT handoffs, 16 concurrent players: 65 handoffs/s, p50=47000 us p99=306000 us",
                "RESULT handoff vs gets+cas pair: 21.86x the pair's p99, 150.77x fewer per second",
                "RESULT 500 players on one map, view radius 2, 10 moves/s each: 4700 moves/s, server CPU 20%, ..."));
        assertEquals(List.of("p50 handoff: 47.0", "p50 memcached gets+cas pair: 1.60", "p99 handoff: 306",
                "p99 memcached gets+cas pair: 14.0"), bars(charts.get("world-handoff-latency.svg")));
        assertEquals(List.of("same concurrency handoff: 65.0", "same concurrency memcached gets+cas pair: 9,800"),
                bars(charts.get("world-handoff-rate.svg")));
    }

    @Test
    void chatFanOutBesideRedisAndOnlyTheChatServerWhenRedisWasNotMeasured() {
        String chat = "RESULT chat server, 10000 players: window 1: 12435 deliveries/s, send-to-last-delivery p50=762000 us"
                + " p99=1635000 us, server cpu 15.00 us/delivery; window 32: 76776 deliveries/s, send-to-last-delivery"
                + " p50=2635000 us p99=6252000 us, server cpu 3.92 us/delivery; per idle player: RSS 4927 bytes, heap 2470 bytes";
        String redis = "RESULT redis pub/sub, 10000 players: window 1: 11206 deliveries/s, send-to-last-delivery p50=829000 us"
                + " p99=1605000 us, server cpu 14.40 us/delivery; window 32: 101256 deliveries/s, send-to-last-delivery"
                + " p50=2348000 us p99=3319000 us, server cpu 1.75 us/delivery; per idle player: RSS 7872 bytes";
        Map<String, String> charts = BenchCharts.chat(List.of("[chat bench] 10000 players connected", "", chat, redis,
                "RESULT chat/redis: deliveries/s 0.76x (window 32), ..."));
        assertEquals(List.of("chat-deliveries.svg", "chat-p99.svg", "chat-cpu.svg"), List.copyOf(charts.keySet()));
        assertEquals(List.of("one at a time chat server: 12,435", "one at a time redis pub/sub: 11,206",
                "32 in flight chat server: 76,776", "32 in flight redis pub/sub: 101,256"), bars(charts.get("chat-deliveries.svg")));
        assertEquals(List.of("one at a time chat server: 1,635", "one at a time redis pub/sub: 1,605",
                "32 in flight chat server: 6,252", "32 in flight redis pub/sub: 3,319"), bars(charts.get("chat-p99.svg")));
        assertEquals(List.of("one at a time chat server: 15.0", "one at a time redis pub/sub: 14.4",
                "32 in flight chat server: 3.92", "32 in flight redis pub/sub: 1.75"), bars(charts.get("chat-cpu.svg")));

        assertEquals(List.of("one at a time chat server: 12,435", "32 in flight chat server: 76,776"),
                bars(BenchCharts.chat(List.of(chat, "RESULT redis: not measured (no /usr/bin/redis-server)")).get("chat-deliveries.svg")));
    }
}
