package gamegrid.chatserver;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.protocol.chat.PresenceLink;
import gamegrid.support.DispatcherProcess;
import gamegrid.support.SpawnedProcessReaper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What a chat server keeps through kill -9 and a restart, and the map servers' presence links finding it again. */
@ExtendWith(SpawnedProcessReaper.class)
class ChatServerRestartTest {
    private static final String SECRET = ChatServerExtension.SECRET;

    @TempDir
    Path dir;

    @Test
    void killNineKeepsInboxesChannelsHistoryBlocksMutesAnnouncementsAndIncreasingIds() throws Exception {
        int port = DispatcherProcess.freePort();
        Map<String, String> settings = Map.of("port", Integer.toString(port), "state-file", dir.resolve("chat-state.tsv").toString(),
                "save-interval", "50ms");
        PresenceLink link = new PresenceLink("127.0.0.1", port, SECRET);
        try (ChatServerProcess first = ChatServerProcess.start(dir, SECRET, settings)) {
            link.start();
            link.enter("ann", "forest");
            ChatClient.login(port, SECRET, "bob").close();
            ChatClient.login(port, SECRET, "cat").close();
            try (ChatClient ann = ChatClient.login(port, SECRET, "ann"); ChatClient op = ChatClient.admin(port, SECRET)) {
                assertEquals("OK|join|#red|0", ann.request("join|#red"));
                assertEquals("OK|say|#red|1", ann.request("say|#red|红色一"));
                ann.expect("MSG|#red|1|ann|红色一");
                assertEquals("OK|say|#red|2", ann.request("say|#red|红色二"));
                ann.expect("MSG|#red|2|ann|红色二");
                await().atMost(Duration.ofSeconds(5)).until(() -> ann.request("who|bob").equals("OK|who|bob|offline"));
                assertEquals("OK|tell|bob|1|inbox", ann.request("tell|bob|你好 bob"));
                assertEquals("OK|block|cat", ann.request("block|cat"));
                assertEquals("OK|mute|cat|600", op.request("mute|cat|10m"));
                assertEquals("OK|announce|1|1", op.request("announce|维护 at noon"));
                ann.expect("MSG|announce|1|operator|维护 at noon");
                await().atMost(Duration.ofSeconds(5)).until(() -> ann.request("who|ann").equals("OK|who|ann|online|forest"));
            }
            Path state = dir.resolve("chat-state.tsv");
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(state) && Files.readString(state).contains("announce\t1\t"));
            first.kill();
        }
        try (ChatServerProcess second = ChatServerProcess.start(dir, SECRET, settings)) {
            try (ChatClient bob = ChatClient.login(port, SECRET, "bob")) {
                bob.expect("TELL|1|ann|你好 bob");
                bob.expect("MSG|announce|1|operator|维护 at noon");
                assertEquals("OK|join|#red|2", bob.request("join|#red"));
                bob.expect("MSG|#red|1|ann|红色一");
                bob.expect("MSG|#red|2|ann|红色二");
                // The presence link reconnected by itself and said again who is where.
                await().atMost(Duration.ofSeconds(10)).until(() -> bob.request("who|ann").equals("OK|who|ann|online|forest"));
            }
            try (ChatClient ann = ChatClient.connect(port, "ann"); ChatClient cat = ChatClient.login(port, SECRET, "cat")) {
                assertEquals("OK|login|ann|#red", ann.request("login|" + ChatClient.ticket(SECRET, "ann")));
                String said = ann.request("say|#red|after");
                long id = Long.parseLong(said.substring("OK|say|#red|".length()));
                assertTrue(id > 2, "ids keep increasing after a kill: " + said);
                ann.expect("MSG|#red|" + id + "|ann|after");
                cat.expect("MSG|announce|1|operator|维护 at noon"); // cat was offline when it was made
                assertEquals("ERR ann does not take messages from you", cat.request("tell|ann|hi"));
                assertTrue(cat.request("say|world|hi").startsWith("ERR muted for "));
            }
        } finally {
            link.stop();
        }
    }

    @Test
    void aCleanStopSavesEverythingAndIdsContinueExactly() throws Exception {
        Map<String, String> settings = Map.of("port", "0", "state-file", dir.resolve("chat-state.tsv").toString(), "save-interval", "10m");
        try (ChatServerProcess first = ChatServerProcess.start(dir, SECRET, settings);
             ChatClient ann = ChatClient.login(first.port(), SECRET, "ann")) {
            assertEquals("OK|join|#red|0", ann.request("join|#red"));
            assertEquals("OK|say|#red|1", ann.request("say|#red|one"));
            first.stop();
        }
        try (ChatServerProcess second = ChatServerProcess.start(dir, SECRET, settings);
             ChatClient ann = ChatClient.login(second.port(), SECRET, "ann")) {
            assertEquals("OK|say|#red|2", ann.request("say|#red|two"));
        }
    }
}
