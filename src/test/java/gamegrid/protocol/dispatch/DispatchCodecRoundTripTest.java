package gamegrid.protocol.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import gamegrid.protocol.LineFraming;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The dispatcher wire format: every request and reply survives format and parse; bad lines become Invalid. */
class DispatchCodecRoundTripTest {

    @Test
    void everyRequestSurvivesFormatAndParse() {
        List<Request> requests = List.of(new Request.Get(), new Request.Get(2), new Request.Add(7000), new Request.Del(65_535),
                new Request.Stats(), new Request.Session(), new Request.Ping(), new Request.Quit(),
                new Request.Register(7001, "s3cret", 12, 4242));
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
            "add|7000|1;too many arguments: use add|PORT",
            "stats|1;stats takes no arguments",
            "get|0;seat count must be 1 to 64: 0",
            "get|1|2;too many arguments: use get or get|SEATS",
            "register|7000|s|1;use register|PORT|SECRET|LOAD|PID",
            "register|7000||1|2;missing secret",
            "GET;unknown command: GET",
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
        Reply.Stats stats = new Reply.Stats(List.of(new Reply.ServerRow(7000, "READY", 3, 1, 99),
                new Reply.ServerRow(7001, "STARTING", 0, 2, 100)));
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
