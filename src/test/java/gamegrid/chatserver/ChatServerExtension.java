package gamegrid.chatserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a real chat-server JVM on 127.0.0.1 and a free port before each test, with generous rate limits
 * unless a test asks otherwise, and kills it after (also when the test failed).
 */
final class ChatServerExtension implements BeforeEachCallback, AfterEachCallback {
    static final String SECRET = "test-world-secret";

    private final Map<String, String> settings = new HashMap<>(Map.ofEntries(
            Map.entry("port", "0"),
            Map.entry("rate.world.interval", "1ms"),
            Map.entry("rate.world.burst", "1000"),
            Map.entry("rate.map.interval", "1ms"),
            Map.entry("rate.map.burst", "1000"),
            Map.entry("rate.channel.interval", "1ms"),
            Map.entry("rate.channel.burst", "1000"),
            Map.entry("rate.tell.interval", "1ms"),
            Map.entry("rate.tell.burst", "1000"),
            Map.entry("rate.commands.interval", "1ms"),
            Map.entry("rate.commands.burst", "1000")));
    private ChatServerProcess server;
    private Path dir;

    /** Overrides one setting ({@code config/chatserver.properties} keys). */
    ChatServerExtension with(String key, String value) {
        settings.put(key, value);
        return this;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException, InterruptedException {
        dir = Files.createTempDirectory("chat-test");
        settings.putIfAbsent("state-file", dir.resolve("chat-state.tsv").toString());
        server = ChatServerProcess.start(dir, SECRET, settings);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        server.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    int port() {
        return server.port();
    }

    /** A player connection, logged in as {@code name}. */
    ChatClient login(String name) throws IOException {
        return ChatClient.login(port(), SECRET, name);
    }
}
