package gamegrid.protocol.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gamegrid.protocol.LineFraming;
import gamegrid.protocol.ProtocolException;
import gamegrid.support.Outbound;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MapCodecTest {

    @Test
    void everyCommandSurvivesTheRoundTrip() {
        for (MapCommand command : List.of(new MapCommand.Enter("ann:1:ab", ""), new MapCommand.Enter("ann:1:ab", "7-00ff"),
                new MapCommand.Move(Direction.N), new MapCommand.Move(Direction.W), new MapCommand.Look(),
                new MapCommand.Where(), new MapCommand.Ping(), new MapCommand.Quit())) {
            assertEquals(command, MapCodec.parseCommand(MapCodec.formatCommand(command)));
        }
    }

    @Test
    void everyEventSurvivesTheRoundTrip() throws ProtocolException {
        for (MapEvent event : List.of(new MapEvent.You("ann", "town", 1, 2, 100, 10, 5), new MapEvent.See("bo", 3, 4),
                new MapEvent.Moved("bo", 3, 5), new MapEvent.Gone("bo"), new MapEvent.Look(2),
                new MapEvent.Portal("127.0.0.1", 8001, "forest", "9-abcdef"), new MapEvent.Battle("0123456789abcdef"),
                new MapEvent.Elsewhere("cave"), new MapEvent.Pong(), new MapEvent.Err("wall"))) {
            assertEquals(event, MapCodec.parseEvent(MapCodec.formatEvent(event)));
        }
    }

    @Test
    void badCommandsBecomeInvalidWithTheReason() {
        assertEquals(new MapCommand.Invalid("empty command"), MapCodec.parseCommand("  "));
        assertEquals(new MapCommand.Invalid("unknown command: jump"), MapCodec.parseCommand("jump"));
        assertEquals(new MapCommand.Invalid("bad direction: ne (n, s, e or w)"), MapCodec.parseCommand("move|ne"));
        assertEquals(new MapCommand.Invalid("use move|n, move|s, move|e or move|w"), MapCodec.parseCommand("move|n|n"));
        assertEquals(new MapCommand.Invalid("use enter|TICKET or enter|TICKET|TOKEN"), MapCodec.parseCommand("enter"));
        assertEquals(new MapCommand.Invalid("bad ticket"), MapCodec.parseCommand("enter|"));
        assertEquals(new MapCommand.Invalid("bad token: x"), MapCodec.parseCommand("enter|a:1:b|x"));
        assertEquals(new MapCommand.Invalid("use where"), MapCodec.parseCommand("where|now"));
        assertInstanceOf(MapCommand.Invalid.class, MapCodec.parseCommand("enter|" + "a".repeat(201)));
        assertThrows(ProtocolException.class, () -> MapCodec.parseEvent("HELLO"));
        assertThrows(ProtocolException.class, () -> MapCodec.parseEvent("SEE|bo|x|1"));
    }

    @Test
    void theServerPipelineAnswersSplitAndBatchedLines() {
        EmbeddedChannel channel = new EmbeddedChannel();
        LineFraming.addTo(channel.pipeline(), 64);
        channel.pipeline().addLast(MapServerCodec.INSTANCE);
        channel.writeInbound(Unpooled.copiedBuffer("mo", StandardCharsets.UTF_8));
        channel.writeInbound(Unpooled.copiedBuffer("ve|s\nlook\r\n", StandardCharsets.UTF_8));
        assertEquals(new MapCommand.Move(Direction.S), channel.readInbound());
        assertEquals(new MapCommand.Look(), channel.readInbound());
        channel.writeOutbound(new MapEvent.Moved("ann", 1, 2));
        assertEquals("MOVED|ann|1|2\n", Outbound.nextText(channel));
        assertFalse(channel.finish());
    }
}
