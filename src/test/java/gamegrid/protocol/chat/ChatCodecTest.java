package gamegrid.protocol.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import gamegrid.protocol.ProtocolException;
import gamegrid.support.Outbound;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatCodecTest {
    private static final int MAX = 10;

    @Test
    void everyCommandRoundTripsThroughItsLine() {
        List<ChatCommand> commands = List.of(new ChatCommand.Login("ann:1:ab"), new ChatCommand.AdminLogin("1:ab"),
                new ChatCommand.PresenceLogin("1:ab"), new ChatCommand.Join("#red"), new ChatCommand.Leave("#red"),
                new ChatCommand.Say("world", "a|b"), new ChatCommand.Say("map", "你好"), new ChatCommand.Say("#red", "x"),
                new ChatCommand.Tell("小明", "hi"), new ChatCommand.Block("bob"), new ChatCommand.Unblock("bob"),
                new ChatCommand.Who("bob"), new ChatCommand.Ping(), new ChatCommand.Quit(), new ChatCommand.Announce("up"),
                new ChatCommand.Mute("bob", Duration.ofMinutes(10)), new ChatCommand.Unmute("bob"),
                new ChatCommand.Enter("bob", "forest.1"), new ChatCommand.Exit("bob", "forest.1"), new ChatCommand.Reset());
        for (ChatCommand command : commands) {
            assertEquals(command, ChatCodec.parseCommand(ChatCodec.formatCommand(command), MAX));
        }
    }

    @Test
    void everyEventRoundTripsThroughItsLine() throws ProtocolException {
        List<ChatEvent> events = List.of(new ChatEvent.Ok("say", "world", "7"), new ChatEvent.Ok("ping", List.of()),
                new ChatEvent.Err("not on a map"), new ChatEvent.Message("map:forest", 3, "ann", "a|b 你好"),
                new ChatEvent.Whisper(9, "bob", "psst|x"));
        for (ChatEvent event : events) {
            assertEquals(event, ChatCodec.parseEvent(ChatCodec.formatEvent(event)));
        }
    }

    @Test
    void textsAreCountedInCodePointsAndRefuseControlCharacters() {
        assertEquals(new ChatCommand.Say("world", "𠀀".repeat(MAX)), ChatCodec.parseCommand("say|world|" + "𠀀".repeat(MAX), MAX));
        assertEquals(new ChatCommand.Invalid("text too long: 11 characters (limit 10)"), ChatCodec.parseCommand("say|world|" + "字".repeat(11), MAX));
        assertEquals(new ChatCommand.Invalid("control characters are not allowed"), ChatCodec.parseCommand("say|world|a\u0000b", MAX));
        assertEquals(new ChatCommand.Invalid("control characters are not allowed"), ChatCodec.parseCommand("who|a\u001bb", MAX));
        assertEquals(new ChatCommand.Invalid("bad duration: soon (like 90s, 10m, 2h, 1d)"), ChatCodec.parseCommand("mute|bob|soon", MAX));
        assertEquals(new ChatCommand.Invalid("bad map: up to 32 of A-Z a-z 0-9 _ . -"), ChatCodec.parseCommand("enter|bob|a b", MAX));
    }

    @Test
    void theServerCodecRefusesInvalidUtf8AndPassesSharedBuffersThrough() {
        EmbeddedChannel channel = new EmbeddedChannel(new LineBasedFrameDecoder(64), new ChatServerCodec(MAX));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {'w', 'h', 'o', '|', (byte) 0xE4, (byte) 0xBD, '\n',
                'w', 'h', 'o', '|', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '\n'}));
        assertEquals(new ChatCommand.Invalid("invalid UTF-8"), channel.readInbound()); // truncated sequence
        assertEquals(new ChatCommand.Invalid("invalid UTF-8"), channel.readInbound()); // an encoded surrogate
        channel.writeInbound(Unpooled.copiedBuffer("who|小", StandardCharsets.UTF_8), Unpooled.copiedBuffer("明\r\n", StandardCharsets.UTF_8));
        assertEquals(new ChatCommand.Who("小明"), channel.readInbound());

        channel.writeOutbound(new ChatEvent.Ok("who", "小明", "offline"));
        assertEquals("OK|who|小明|offline\n", Outbound.nextText(channel));
        var shared = ChatCodec.encode(channel.alloc(), new ChatEvent.Message("world", 1, "a", "b"));
        channel.writeOutbound(shared.retainedDuplicate());
        shared.release();
        assertEquals("MSG|world|1|a|b\n", Outbound.nextText(channel));
        assertFalse(channel.finish());
    }

    @Test
    void serverProofsAreBoundToTheirRoleAndSecret() {
        ServerProof proofs = new ServerProof("s");
        java.time.Instant now = java.time.Instant.now();
        String proof = proofs.mint(ServerProof.PRESENCE, now);
        assertEquals(true, proofs.verify(ServerProof.PRESENCE, proof, now));
        assertEquals(false, proofs.verify(ServerProof.ADMIN, proof, now));
        assertEquals(false, new ServerProof("t").verify(ServerProof.PRESENCE, proof, now));
        assertEquals(false, proofs.verify(ServerProof.PRESENCE, proof, now.plus(ServerProof.VALIDITY)));
        assertInstanceOf(ChatCommand.Invalid.class, ChatCodec.parseCommand("presence|" + proof + "|x", MAX));
    }
}
