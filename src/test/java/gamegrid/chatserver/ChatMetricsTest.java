package gamegrid.chatserver;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.protocol.config.Settings;
import gamegrid.support.LineClient;
import gamegrid.support.Scrape;
import java.io.Reader;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The chat server's own /metrics, scraped over HTTP after real messages between real connections. */
class ChatMetricsTest {
    private ChatServer server;

    @BeforeEach
    void start() throws Exception {
        Settings settings = Settings.read(Reader.nullReader(), Map.of("port", "0", "state-file", "none", "metrics-port-offset", "1"));
        ChatSettings chat = ChatSettings.from(settings);
        settings.validate();
        server = new ChatServer(chat, ChatServerExtension.SECRET, PlayerListener.NONE);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private static String line(String metric, String channel, int value) {
        return metric + "{channel=\"" + channel + "\"} " + value + ".0";
    }

    @Test
    void messagesAndTheirDeliveriesAreCountedByKindOfChannel() throws Exception {
        assertTrue(Scrape.metrics(server.metricsPort()).contains(line("gamegrid_chat_messages_total", "world", 0)));
        try (ChatClient ann = ChatClient.login(server.port(), ChatServerExtension.SECRET, "ann");
             ChatClient bob = ChatClient.login(server.port(), ChatServerExtension.SECRET, "bob")) {
            ann.request("say|world|你好");
            bob.expect("MSG|world|1|ann|你好");
            ann.request("tell|bob|psst");
            bob.expect("TELL|1|ann|psst");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            String scraped = Scrape.metrics(server.metricsPort());
            return scraped.contains(line("gamegrid_chat_messages_total", "world", 1))
                    && scraped.contains(line("gamegrid_chat_deliveries_total", "world", 2)) // the sender reads its own
                    && scraped.contains(line("gamegrid_chat_messages_total", "tell", 1))
                    && scraped.contains(line("gamegrid_chat_deliveries_total", "tell", 1))
                    && scraped.contains(line("gamegrid_chat_messages_total", "map", 0))
                    && scraped.contains("jvm_threads_current");
        });
    }

    @Test
    void theMetricsPortAnswersBadRequestsWithTheirStatusAndStaysUp() throws Exception {
        int port = server.metricsPort();
        assertEquals("HTTP/1.1 404 Not Found", LineClient.ask(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertEquals("HTTP/1.1 405 Method Not Allowed", LineClient.ask(port, "POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"));
        assertEquals("HTTP/1.1 400 Bad Request", LineClient.ask(port, "\u0000\u0001garbage\r\n\r\n"));
        assertEquals("HTTP/1.1 413 Request Entity Too Large",
                LineClient.ask(port, "POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n"));
        assertTrue(Scrape.metrics(server.metricsPort()).contains("gamegrid_chat_deliveries_total"));
    }
}
