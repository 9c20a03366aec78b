package gamegrid.chatserver;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A client that stops reading holds bounded memory on the server, slows nobody, and is told why it is cut off. */
class ChatSlowConsumerTest {
    @RegisterExtension
    final ChatServerExtension chat = new ChatServerExtension()
            .with("outbound-high-water-bytes", "65536").with("slow-consumer-grace", "20s")
            .with("rate.channel.burst", "1000000").with("rate.commands.burst", "1000000");

    @Test
    void aClientThatStopsReadingIsCutOffAndToldWhyWhileOthersKeepChatting() throws Exception {
        try (ChatClient ann = chat.login("ann"); Socket slow = new Socket()) {
            slow.setReceiveBufferSize(32 * 1024);
            slow.connect(new InetSocketAddress("127.0.0.1", chat.port()));
            slow.getOutputStream().write(("login|" + ChatClient.ticket(ChatServerExtension.SECRET, "slow") + "\n").getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(5)).until(() -> ann.request("who|slow").equals("OK|who|slow|online|"));
            slow.getOutputStream().write("join|#big\n".getBytes(StandardCharsets.UTF_8));
            // A channel both joined, filled by a sender that reads its own answers and copies every 50 messages.
            String text = "满".repeat(200);
            int sent = 0;
            try (ChatClient loud = ChatClient.connect(chat.port(), "loud")) {
                assertTrue(loud.request("login|" + ChatClient.ticket(ChatServerExtension.SECRET, "loud")).startsWith("OK|login"));
                assertEquals("OK|join|#big|0", loud.request("join|#big"));
                while (sent < 20_000 && (sent % 200 != 0 || !ann.request("who|slow").equals("OK|who|slow|offline"))) {
                    loud.send("say|#big|" + text);
                    sent++;
                    if (sent % 50 == 0) {
                        loud.send("ping");
                        catchUp(loud);
                    }
                }
            }
            assertTrue(sent < 20_000, "never cut off");
            // The slow client finds the reason at the end of what it was sent.
            BufferedReader in = new BufferedReader(new InputStreamReader(slow.getInputStream(), StandardCharsets.UTF_8));
            String line;
            String last = null;
            while ((line = in.readLine()) != null) {
                last = line;
            }
            assertEquals("ERR too slow: more than 65536 bytes unread", last);
        }
    }

    /** Reads up to the answer to the last {@code ping}: everything sent before it has arrived. */
    private static void catchUp(ChatClient client) throws IOException {
        String line;
        while ((line = client.read()) != null && !line.equals("OK|ping")) {
            assertTrue(line.startsWith("OK|say|#big|") || line.startsWith("MSG|#big|"), line);
        }
    }
}
