package gamegrid.protocol.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import gamegrid.protocol.LineFraming;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The dispatcher wire format: every request and reply survives format and parse; bad lines become Invalid. */
class DispatchCodecRoundTripTest {

    @Test
    void everyRequestSurvivesFormatAndParse() {
        List<Request> requests = List.of(Request.Get.ONE, new Request.Get(2), new Request.Get(Request.MAP, "forest", 1),
                new Request.Get(Request.CHAT, "", 1), new Request.Add(7000), new Request.Del(65_535),
                new Request.Add(8000, "cave"), new Request.Del(8000, "cave"), new Request.Health(),
                new Request.Stats(), new Request.Session(), new Request.Ping(), new Request.Quit(),
                new Request.Allocated(7001, true), new Request.Allocated(7001, false),
                new Request.Register(7001, "s3cret", 12, 4242),
                new Request.Register(Request.MAP, 8001, "cred", 3, 4243, Map.of("forest", 1, "cave", 2)),
                new Request.Register(Request.BATTLE, "10.77.0.2", 7000, "world", 0, 4244, Map.of()));
        for (Request request : requests) {
            assertEquals(request, DispatchCodec.parseRequest(DispatchCodec.formatRequest(request)));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "fetch;unknown command: fetch",
            "add;missing port: use add|PORT",
            "add|;missing port",
            "del|x7000;bad port: x7000",
            "add|0;port out of range: 0",
            "add|70000;port out of range: 70000",
            "add|99999999999;bad port: 99999999999",
            "add|7000|cave|2;too many arguments: use add|PORT or add|PORT|MAPID",
            "add|7000|no way;bad map id: no way",
            "map|x.y;bad map id: x.y",
            "map|a|b;too many arguments: use map|MAPID",
            "chat|x;chat takes no arguments",
            "stats|1;stats takes no arguments",
            "get|0;seat count must be 1 to 64: 0",
            "get|1|2;too many arguments: use get or get|SEATS",
            "register|7000|s|1;use register|KIND|[HOST:]PORT|CREDENTIAL|LOAD|PID[|ROUTES]",
            "register|map|8000|c|1|2|forest;bad route: use MAPID=PLAYERS",
            "register|7000||1|2;missing credential",
            "GET;unknown command: GET",
            "allocated;missing port: use allocated|PORT",
            "not-allocated|7000|x;too many arguments: use not-allocated|PORT",
    })
    void aBadLineBecomesInvalidWithAClearReason(String line, String reason) {
        Request request = DispatchCodec.parseRequest(line);
        assertEquals(new Request.Invalid(reason), request);
    }

    @Test
    void surroundingWhitespaceAndACarriageReturnAreForgiven() {
        assertEquals(new Request.Add(7001), DispatchCodec.parseRequest(" add|7001\r"));
    }

    @Test
    void aStatsBlockIsGatheredIntoOneReplyOnTheClientSide() {
        Reply.Stats stats = new Reply.Stats(
                List.of(new Reply.KindRow("battle", 2, 1, 3, 3, 0, 0, ""),
                        new Reply.KindRow("map", 1, 0, 0, 0, 3, 1600, "exit code 1")),
                List.of(new Reply.ServerRow("battle", "127.0.0.1", 7000, "READY", 3, 1, 12, Map.of()),
                        new Reply.ServerRow("battle", "127.0.0.1", 7001, "STARTING", 0, 2, 0, Map.of()),
                        new Reply.ServerRow("map", "10.0.0.2", 8000, "READY", 5, 0, 3, Map.of("forest", 2, "cave", 3))));
        EmbeddedChannel client = new EmbeddedChannel();
        LineFraming.addTo(client.pipeline(), 256);
        client.pipeline().addLast(new ReplyDecoder());
        String wire = String.join("\n", DispatchCodec.formatReply(stats)) + "\nOK\n127.0.0.1:7000\n";
        // Split mid-row, as TCP may deliver it.
        client.writeInbound(Unpooled.copiedBuffer(wire.substring(0, 20), StandardCharsets.UTF_8));
        client.writeInbound(Unpooled.copiedBuffer(wire.substring(20), StandardCharsets.UTF_8));
        assertEquals(stats, client.readInbound());
        assertEquals(Reply.Ok.PLAIN, client.readInbound());
        assertEquals(new Reply.Endpoint("127.0.0.1", 7000), client.readInbound());
        assertFalse(client.finish());
    }

    @Test
    void repliesFormatAsTheirLines() {
        assertEquals(List.of("127.0.0.1:7000"), DispatchCodec.formatReply(new Reply.Endpoint("127.0.0.1", 7000)));
        assertEquals(List.of("ERR full"), DispatchCodec.formatReply(new Reply.Err("full")));
        assertEquals(List.of("OK session"), DispatchCodec.formatReply(new Reply.Ok("session")));
        assertInstanceOf(Reply.Drain.class, assertParses("DRAIN"));
        assertEquals(List.of("ALLOCATE"), DispatchCodec.formatReply(new Reply.Allocate()));
        assertInstanceOf(Reply.Allocate.class, assertParses("ALLOCATE"));
        assertInstanceOf(Reply.Pong.class, assertParses("PONG"));
    }

    private static Reply assertParses(String line) {
        try {
            return DispatchCodec.parseReply(line);
        } catch (gamegrid.protocol.ProtocolException e) {
            throw new AssertionError(e);
        }
    }
}
