package gamegrid.protocol.battle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gamegrid.protocol.LineFraming;
import gamegrid.support.Outbound;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The battle codecs behind the shared line framing, fed chunks the way TCP delivers them. */
class BattleCodecChannelTest {
    private static final int MAX_LINE = 64;

    private static EmbeddedChannel server() {
        EmbeddedChannel channel = new EmbeddedChannel();
        LineFraming.addTo(channel.pipeline(), MAX_LINE);
        channel.pipeline().addLast(BattleServerCodec.INSTANCE);
        return channel;
    }

    private static EmbeddedChannel client() {
        EmbeddedChannel channel = new EmbeddedChannel();
        LineFraming.addTo(channel.pipeline(), MAX_LINE);
        channel.pipeline().addLast(BattleClientCodec.INSTANCE);
        return channel;
    }

    private static ByteBuf text(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }

    @Test
    void aCommandSplitAcrossChunksIsDecodedOnceWhole() {
        EmbeddedChannel channel = server();
        assertFalse(channel.writeInbound(text("att")));
        assertFalse(channel.writeInbound(text("ack|1|")));
        channel.writeInbound(text("2\n"));
        assertEquals(new Command.Attack(1, 2), channel.readInbound());
        assertFalse(channel.finish());
    }

    @Test
    void twoCommandsInOneChunkComeOutInOrder() {
        EmbeddedChannel channel = server();
        channel.writeInbound(text("defend|1\r\nping\n"));
        assertEquals(new Command.Defend(1), channel.readInbound());
        assertEquals(new Command.Ping(), channel.readInbound());
        assertNull(channel.readInbound());
        assertFalse(channel.finish());
    }

    @Test
    void anOverLongLineFailsAtOnceAndTheNextLineStillDecodes() {
        EmbeddedChannel channel = server();
        assertThrows(TooLongFrameException.class, () -> channel.writeInbound(text("x".repeat(MAX_LINE + 1))));
        channel.writeInbound(text("still the same line\nping\n"));
        assertEquals(new Command.Ping(), channel.readInbound());
        assertNull(channel.readInbound());
        assertFalse(channel.finish());
    }

    @Test
    void garbageBytesBecomeAnInvalidCommand() {
        EmbeddedChannel channel = server();
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x07, '\n'}));
        Command command = channel.readInbound();
        assertEquals(new Command.Invalid("unknown command: ????"), command);
        assertFalse(channel.finish());
    }

    @Test
    void eventsGoOutAsOneLineEach() {
        EmbeddedChannel channel = server();
        channel.writeOutbound(new Event.RoundStarted(1, 200), new Event.Err("not in a battle"));
        assertEquals("ROUND|1|200\n", Outbound.nextText(channel));
        assertEquals("ERR not in a battle\n", Outbound.nextText(channel));
        assertFalse(channel.finish());
    }

    @Test
    void theClientSideReadsEventsAndWritesCommands() {
        EmbeddedChannel channel = client();
        channel.writeInbound(text("ROUND|2|200\nSTATE|1|90|heal\n"));
        assertEquals(new Event.RoundStarted(2, 200), channel.readInbound());
        assertEquals(new Event.FighterState(1, 90, java.util.Set.of(Skill.HEAL)), channel.readInbound());
        channel.writeOutbound(new Command.UseSkill(1, Skill.HEAL, 1));
        assertEquals("skill|1|heal|1\n", Outbound.nextText(channel));
        assertThrows(DecoderException.class, () -> channel.writeInbound(text("NONSENSE\n")));
        assertFalse(channel.finish());
    }
}
