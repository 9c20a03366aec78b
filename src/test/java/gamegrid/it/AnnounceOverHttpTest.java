package gamegrid.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.protocol.ticket.TicketAuthority;
import gamegrid.support.DispatcherProcess;
import gamegrid.support.LineClient;
import gamegrid.support.SpawnedProcessReaper;
import gamegrid.support.TestDispatcher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/announce} on a real dispatcher whose fleet runs a real chat server: a player logged in to chat
 * receives what the operator posted, Chinese intact; without the secret or with a bad text, nothing is sent.
 */
@ExtendWith(SpawnedProcessReaper.class)
class AnnounceOverHttpTest {
    private static final String TEXT = "服务器将在 03:00 重启，请保存进度 | back at 03:05";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> announce(TestDispatcher dispatcher, String secret, HttpRequest.BodyPublisher body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dispatcher.adminPort() + "/api/announce"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "text/plain; charset=utf-8").POST(body);
        if (secret != null) {
            request.header("Authorization", "Bearer " + secret);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.BodyPublisher text(String text) {
        return HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8);
    }

    @Test
    void aPlayerInChatReceivesWhatTheOperatorPostsAndRefusedPostsSendNothing() throws Exception {
        int chatPort = DispatcherProcess.freePort();
        try (TestDispatcher dispatcher = TestDispatcher.start(dir, "chat.enabled", "true", "chat.first-port", Integer.toString(chatPort),
                "chat.options", "--state-file=" + dir.resolve("chat-state.tsv"))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> dispatcher.ask("chat").equals("127.0.0.1:" + chatPort));
            String ticket = new TicketAuthority(dispatcher.secret()).mint("ann", Instant.now(), Duration.ofMinutes(5)).token();
            try (LineClient ann = new LineClient(chatPort)) {
                assertEquals("OK|login|ann|", ann.request("login|" + ticket));

                HttpResponse<String> missing = announce(dispatcher, null, text("free gold"));
                assertEquals(401, missing.statusCode());
                assertEquals("Bearer realm=\"gamegrid\"", missing.headers().firstValue("WWW-Authenticate").orElse(""));
                assertEquals(403, announce(dispatcher, "guess", text("free gold")).statusCode());
                HttpResponse<String> tooLong = announce(dispatcher, dispatcher.secret(), text("长".repeat(201)));
                assertEquals(400, tooLong.statusCode());
                assertEquals("the chat server refused the announcement: text too long: 201 characters (limit 200)\n", tooLong.body());
                assertEquals(400, announce(dispatcher, dispatcher.secret(), text("bell\u0007")).statusCode());
                assertEquals(400, announce(dispatcher, dispatcher.secret(), text("  ")).statusCode());
                HttpResponse<String> notUtf8 = announce(dispatcher, dispatcher.secret(),
                        HttpRequest.BodyPublishers.ofByteArray(new byte[] {'a', (byte) 0xC3, (byte) 0x28}));
                assertEquals(400, notUtf8.statusCode());
                assertEquals("the announcement is not valid UTF-8\n", notUtf8.body());

                HttpResponse<String> sent = announce(dispatcher, dispatcher.secret(), text(TEXT));
                assertEquals(200, sent.statusCode(), sent.body());
                // Id 1: none of the refused posts reached the players.
                assertEquals("{\"announced\":1,\"recipients\":1}", sent.body());
                assertEquals("MSG|announce|1|operator|" + TEXT, ann.readLine());
                assertEquals("OK|ping", ann.request("ping"));
            }
        }
    }

    @Test
    void noChatServerIs503AndOneThatCannotBeReachedIs502() throws Exception {
        try (TestDispatcher dispatcher = TestDispatcher.start(dir.resolve("no-chat"))) {
            HttpResponse<String> answer = announce(dispatcher, dispatcher.secret(), text("hello"));
            assertEquals(503, answer.statusCode());
            assertEquals("this world has no chat server (chat.enabled=false)\n", answer.body());
        }
        try (TestDispatcher dispatcher = TestDispatcher.start(dir.resolve("gone-chat"), "chat.enabled", "true", "chat.min-servers", "0");
             LineClient link = new LineClient(dispatcher.port())) {
            assertEquals(503, announce(dispatcher, dispatcher.secret(), text("hello")).statusCode(), "no chat server ready");
            // A chat server registers (this JVM stands in for its process) and is gone from its port.
            int port = DispatcherProcess.freePort();
            assertEquals("OK registered", link.request("register|chat|" + port + "|" + dispatcher.secret() + "|0|" + ProcessHandle.current().pid()));
            HttpResponse<String> answer = announce(dispatcher, dispatcher.secret(), text("hello"));
            assertEquals(502, answer.statusCode());
            assertTrue(answer.body().startsWith("cannot reach the chat server at 127.0.0.1:" + port + ": "), answer.body());
            assertTrue(dispatcher.ask("health").startsWith("OK"), "the dispatcher is unharmed");
        }
    }
}
