package gamegrid.chatserver;

import gamegrid.protocol.chat.ChatNames;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The chat server's own metrics (served on its {@code metrics-port-offset}): messages accepted and deliveries
 * made, by kind of channel, and the JVM's. The online count is the dispatcher's (from the server's reports).
 * Thread-safe; the hub records.
 */
final class ChatMetrics {
    /** The kinds of channel, as labels: a label per map or named channel would grow without bound. */
    static final String WORLD = "world";
    static final String MAP = "map";
    static final String NAMED = "named";
    static final String TELL = "tell";
    static final String ANNOUNCE = "announce";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter messages = Counter.builder().name("gamegrid_chat_messages_total")
            .help("Messages accepted: say on world, map or a named channel, tell, announce").labelNames("channel")
            .withoutExemplars().register(registry);
    private final Counter deliveries = Counter.builder().name("gamegrid_chat_deliveries_total")
            .help("Messages handed to recipients' connections (a tell to an offline player counts when its inbox is delivered)")
            .labelNames("channel").withoutExemplars().register(registry);

    ChatMetrics() {
        JvmMetrics.builder().register(registry);
        for (String kind : new String[] {WORLD, MAP, NAMED, TELL, ANNOUNCE}) {
            messages.labelValues(kind);
            deliveries.labelValues(kind);
        }
    }

    PrometheusRegistry registry() {
        return registry;
    }

    /** The label of a message's channel: {@code world}, {@code map:ID}, {@code #NAME} or {@code announce}. */
    static String kindOf(String channel) {
        if (channel.startsWith(ChatNames.MAP_PREFIX)) {
            return MAP;
        }
        return channel.charAt(0) == ChatNames.NAMED_PREFIX ? NAMED : channel;
    }

    /** A message accepted on a channel of {@code kind}, handed to {@code recipients} connections. */
    void message(String kind, int recipients) {
        messages.labelValues(kind).inc();
        delivered(kind, recipients);
    }

    void delivered(String kind, int count) {
        if (count > 0) {
            deliveries.labelValues(kind).inc(count);
        }
    }
}
