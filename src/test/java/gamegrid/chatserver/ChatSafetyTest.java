package gamegrid.chatserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bad input, floods, mutes and clients that stop reading, against an in-process chat server with real limits. */
class ChatSafetyTest {
    @RegisterExtension
    final ChatServerExtension chat = new ChatServerExtension()
            .with("rate.world.interval", "10m").with("rate.world.burst", "2")
            .with("rate.channel.interval", "10m").with("rate.channel.burst", "3")
            .with("rate.commands.interval", "10m").with("rate.commands.burst", "40");

    @Test
    void badLinesAreAnsweredWithErrAndChangeNothing() throws Exception {
        try (ChatClient ann = chat.login("ann"); ChatClient bob = chat.login("bob")) {
            assertEquals("ERR empty command", ann.request(""));
            assertEquals("ERR unknown command: shout", ann.request("shout|hi"));
            assertEquals("ERR use say|CHANNEL|TEXT", ann.request("say|world"));
            assertEquals("ERR use ping", ann.request("ping|x"));
            assertEquals("ERR bad channel: #a b (# and up to 32 of A-Z a-z 0-9 _ -)", ann.request("join|#a b"));
            assertEquals("ERR bad channel: team (# and up to 32 of A-Z a-z 0-9 _ -)", ann.request("say|team|hi"));
            assertEquals("ERR bad player name: letters, digits, _ and - only", ann.request("tell|a:b|hi"));
            assertEquals("ERR empty text", ann.request("say|world|   "));
            assertEquals("ERR control characters are not allowed", ann.request("say|world|bell\u0007"));
            assertEquals("ERR control characters are not allowed", ann.request("say|world|tab\there"));
            assertEquals("ERR already logged in as ann", ann.request("login|x"));
            assertEquals("ERR not for players: announce", ann.request("announce|free gold"));
            assertEquals("ERR not for players: enter", ann.request("enter|ann|forest"));
            ann.raw().sendBytes(new byte[] {'s', 'a', 'y', '|', 'w', 'o', 'r', 'l', 'd', '|', (byte) 0xC3, (byte) 0x28, '\n'});
            assertEquals("ERR invalid UTF-8", ann.read());
            ann.raw().sendBytes(("say|world|" + "x".repeat(2000) + "\n").getBytes(StandardCharsets.US_ASCII));
            assertEquals("ERR line too long", ann.read());
            bob.expectNothing(200);
            assertEquals("OK|say|world|1", ann.request("say|world|still here"));
        }
    }

    @Test
    void beforeLoginOnlyATicketOpensTheDoor() throws Exception {
        try (ChatClient stranger = ChatClient.connect(chat.port(), "eve")) {
            assertEquals("ERR log in first: login|TICKET", stranger.request("say|world|hi"));
            assertEquals("ERR malformed ticket", stranger.request("login|eve"));
            String forged = ChatClient.ticket("another-secret", "eve");
            assertEquals("ERR forged ticket", stranger.request("login|" + forged));
            String expired = new gamegrid.protocol.ticket.TicketAuthority(ChatServerExtension.SECRET)
                    .mint("eve", java.time.Instant.now().minusSeconds(600), Duration.ofMinutes(1)).token();
            assertEquals("ERR expired ticket", stranger.request("login|" + expired));
            assertEquals("ERR forbidden: bad proof", stranger.request("admin|123:abc"));
            assertTrue(stranger.closedByServer());
        }
        // A player's ticket is no operator's proof.
        try (ChatClient eve = ChatClient.connect(chat.port(), "eve")) {
            assertEquals("ERR forbidden: bad proof", eve.request("admin|" + ChatClient.ticket(ChatServerExtension.SECRET, "admin")));
        }
    }

    @Test
    void eachChannelHasItsOwnTokenBucketAndTheWorldIsTheSlowest() throws Exception {
        try (ChatClient ann = chat.login("ann")) {
            assertEquals("OK|join|#red|0", ann.request("join|#red"));
            for (int i = 1; i <= 2; i++) {
                assertEquals("OK|say|world|" + i, ann.request("say|world|w" + i));
                ann.expect("MSG|world|" + i + "|ann|w" + i);
            }
            assertTrue(ann.request("say|world|w3").startsWith("ERR too fast on world: wait "));
            for (int i = 1; i <= 3; i++) { // the world's bucket is empty, the channel's is not
                assertEquals("OK|say|#red|" + i, ann.request("say|#red|r" + i));
                ann.expect("MSG|#red|" + i + "|ann|r" + i);
            }
            assertTrue(ann.request("say|#red|r4").startsWith("ERR too fast on #red: wait "));
        }
        try (ChatClient bob = chat.login("bob")) { // another player has buckets of its own
            assertEquals("OK|say|world|3", bob.request("say|world|mine"));
        }
    }

    @Test
    void aCommandFloodIsRefusedBeyondTheBurst() throws Exception {
        try (ChatClient ann = chat.login("ann")) {
            StringBuilder flood = new StringBuilder();
            for (int i = 0; i < 60; i++) {
                flood.append("who|ann\n");
            }
            ann.raw().send(flood.toString());
            int refused = 0;
            for (int i = 0; i < 60; i++) {
                String line = ann.read();
                if (line.equals("ERR too many commands: slow down")) {
                    refused++;
                } else {
                    assertEquals("OK|who|ann|online|", line);
                }
            }
            assertEquals(20, refused);
            assertEquals("OK|ping", ann.request("ping"));
        }
    }

    @Test
    void anOperatorMutesAPlayerForATimeAndAnnouncesToEveryone() throws Exception {
        try (ChatClient op = ChatClient.admin(chat.port(), ChatServerExtension.SECRET);
             ChatClient ann = chat.login("ann"); ChatClient bob = chat.login("bob")) {
            assertEquals("OK|mute|ann|60", op.request("mute|ann|60s"));
            assertEquals("ERR muted for 60s", ann.request("say|world|spam"));
            assertEquals("ERR muted for 60s", ann.request("tell|bob|spam"));
            assertEquals("ERR unknown player: zed", op.request("mute|zed|1m"));
            assertEquals("OK|unmute|ann", op.request("unmute|ann"));
            assertEquals("OK|say|world|1", ann.request("say|world|sorry"));
            ann.expect("MSG|world|1|ann|sorry");
            bob.expect("MSG|world|1|ann|sorry");

            assertEquals("OK|announce|1|2", op.request("announce|server restarts at 03:00 重启"));
            ann.expect("MSG|announce|1|operator|server restarts at 03:00 重启");
            bob.expect("MSG|announce|1|operator|server restarts at 03:00 重启");
            try (ChatClient cat = chat.login("cat")) { // logged in within the replay window
                cat.expect("MSG|announce|1|operator|server restarts at 03:00 重启");
            }
            try (ChatClient cat = chat.login("cat")) { // once only
                cat.expectNothing(100);
            }
            assertEquals("ERR not for operators: use announce, mute, unmute, who", op.request("say|world|hi"));
        }
    }
}
