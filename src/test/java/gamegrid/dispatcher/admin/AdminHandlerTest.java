package gamegrid.dispatcher.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.dispatcher.DispatcherConfig;
import gamegrid.dispatcher.fleet.Fleet;
import gamegrid.dispatcher.fleet.RecordingLauncher;
import gamegrid.protocol.config.Settings;
import gamegrid.protocol.dispatch.Reply;
import gamegrid.protocol.dispatch.Request;
import gamegrid.support.Outbound;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admin port's real pipeline on an EmbeddedChannel, over a real fleet with a recording launcher. */
class AdminHandlerTest {
    private static final String SECRET = "operator-secret";

    private final RecordingLauncher launcher = new RecordingLauncher();
    private final DispatcherConfig config = config();
    private final Fleet fleet = new Fleet(config.fleet(), launcher, Runnable::run, Runnable::run, System::nanoTime, SECRET,
            "127.0.0.1");
    private final DispatcherMetrics metrics = new DispatcherMetrics();
    private final AdminContext admin = AdminContext.of(fleet, metrics, SECRET, config.launch());
    private final RecordingLauncher.FakeLink link = new RecordingLauncher.FakeLink();

    private static DispatcherConfig config() {
        try {
            return DispatcherConfig.from(Settings.read(new StringReader(""), Map.of(
                    "listen.port", "0", "admin.port", "0", "fleet.min-servers", "0", "fleet.spare-high-water", "0", "fleet.adopt-window", "0ms",
                    "launch.log-dir", "/var/log/gamegrid")));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private EmbeddedChannel channel() {
        return new EmbeddedChannel(new AdminServerInitializer(admin));
    }

    /** Sends raw bytes and returns everything written back, as text. */
    private static String exchange(EmbeddedChannel channel, String request) {
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
        channel.runPendingTasks(); // answers the fleet completed, handed back to the channel's loop
        StringBuilder out = new StringBuilder();
        String text;
        while ((text = Outbound.nextText(channel)) != null) {
            out.append(text);
        }
        return out.toString();
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
    }

    private static String drain(String query, String authorization) {
        return "POST /api/drain?" + query + " HTTP/1.1\r\nHost: localhost\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "Content-Length: 0\r\n\r\n";
    }

    private static String status(String response) {
        return response.substring(0, response.indexOf("\r\n"));
    }

    private static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    private void registerServer(int port) {
        fleet.register(new Request.Register(port, SECRET, 0, 4242), link).join();
    }

    @Test
    void theStatusPageAndItsScriptAreServed() {
        EmbeddedChannel channel = channel();
        String page = exchange(channel, get("/"));
        assertEquals("HTTP/1.1 200 OK", status(page));
        assertTrue(page.contains("content-type: text/html"), page);
        assertTrue(body(page).contains("<script src=\"status.js\"></script>"), page);
        String script = exchange(channel, get("/status.js"));
        assertEquals("HTTP/1.1 200 OK", status(script));
        assertTrue(body(script).contains("api/fleet"), script);
        assertTrue(channel.isOpen(), "keep-alive connections stay open");
        assertFalse(channel.finish());
    }

    @Test
    void theFleetIsShownAsJsonWithPidsLogsAndEvents() {
        registerServer(7000);
        String response = exchange(channel(), get("/api/fleet"));
        assertEquals("HTTP/1.1 200 OK", status(response));
        String json = body(response);
        assertTrue(json.contains("\"ready\":true"), json);
        assertTrue(json.contains("{\"kind\":\"battle\",\"host\":\"127.0.0.1\",\"port\":7000,\"state\":\"READY\",\"players\":0,\"reserved\":0,"), json);
        assertTrue(json.contains("\"pid\":0,\"launched\":false,\"log\":null"), json);
        assertTrue(json.contains("\"type\":\"ADOPTED\",\"kind\":\"battle\",\"port\":7000"), json);
        assertTrue(json.contains("\"chatOnline\":null"), json);
    }

    @Test
    void metricsAreInPrometheusTextFormatWithFleetRequestAndJvmFamilies() {
        registerServer(7000);
        metrics.answered(new Request.Stats(), new Reply.Ok("x"), 1000);
        metrics.answered(new Request.Invalid("unknown command"), new Reply.Err("unknown command"), 1000);
        metrics.answered(new Request.Get(Request.BATTLE, "", 1), new Reply.Endpoint("127.0.0.1", 7000), 250_000);
        String response = exchange(channel(), get("/metrics"));
        assertEquals("HTTP/1.1 200 OK", status(response));
        assertTrue(response.contains("content-type: text/plain; version=0.0.4; charset=utf-8"), response);
        String text = body(response);
        assertTrue(text.contains("gamegrid_fleet_servers{kind=\"battle\",state=\"READY\"} 1.0"), text);
        assertTrue(text.contains("gamegrid_fleet_servers{kind=\"battle\",state=\"DRAINING\"} 0.0"), text);
        assertTrue(text.contains("gamegrid_dispatcher_requests_total{command=\"stats\",outcome=\"ok\"} 1.0"), text);
        assertTrue(text.contains("gamegrid_dispatcher_requests_total{command=\"invalid\",outcome=\"error\"} 1.0"), text);
        assertTrue(text.contains("gamegrid_dispatcher_get_seconds_bucket{kind=\"battle\",le=\"2.5E-4\"} 1"), text);
        assertTrue(text.contains("gamegrid_dispatcher_get_seconds_bucket{kind=\"battle\",le=\"1.0E-4\"} 0"), text);
        assertTrue(text.contains("jvm_memory_used_bytes{area=\"heap\"}"), text);
    }

    @Test
    void fleetEventsCountLaunchesStartTimesAndDrains() {
        var port = fleet.acquire(); // nothing runs: a launch, then the launched server registers
        assertEquals(1, launcher.launches());
        fleet.register(new Request.Register(launcher.ports.get(0), launcher.credentials.get(0), 0, 99), link).join();
        assertEquals(launcher.ports.get(0), port.join().port());
        assertEquals(202, code(exchange(channel(), drain("port=" + launcher.ports.get(0), "Bearer " + SECRET))));
        String text = body(exchange(channel(), get("/metrics")));
        assertTrue(text.contains("gamegrid_fleet_launches_total{kind=\"battle\"} 1.0"), text);
        assertTrue(text.contains("gamegrid_fleet_start_seconds_count{kind=\"battle\"} 1"), text);
        assertTrue(text.contains("gamegrid_fleet_drains_total{kind=\"battle\"} 1.0"), text);
    }

    @Test
    void aDrainNeedsTheOperatorSecretAndThenTakesTheServerOutOfRouting() {
        registerServer(7000);
        String missing = exchange(channel(), drain("port=7000", null));
        assertEquals(401, code(missing));
        assertTrue(missing.contains("www-authenticate: Bearer"), missing);
        assertEquals(403, code(exchange(channel(), drain("port=7000", "Bearer not-the-secret"))));
        assertEquals(403, code(exchange(channel(), drain("port=7000", "Bearer " + SECRET + "x"))));
        assertEquals(401, code(exchange(channel(), drain("port=7000", "Basic " + SECRET))));
        assertTrue(body(exchange(channel(), get("/api/fleet"))).contains("\"state\":\"READY\""), "nothing changed without the secret");

        String accepted = exchange(channel(), drain("port=7000", "Bearer " + SECRET));
        assertEquals(202, code(accepted));
        assertEquals("{\"draining\":7000,\"host\":\"127.0.0.1\",\"kind\":\"battle\"}", body(accepted));
        assertTrue(body(exchange(channel(), get("/api/fleet"))).contains("\"state\":\"DRAINING\""));
        assertEquals(409, code(exchange(channel(), drain("port=7000", "Bearer " + SECRET))));
        assertEquals(404, code(exchange(channel(), drain("port=7001", "Bearer " + SECRET))));
        assertEquals(400, code(exchange(channel(), drain("port=seven", "Bearer " + SECRET))));
        assertEquals(400, code(exchange(channel(), drain("port=70000", "Bearer " + SECRET))));
    }

    @Test
    void wrongMethodsUnknownPathsAndMalformedRequestsGetTheirStatusCodes() {
        EmbeddedChannel channel = channel();
        String post = exchange(channel, "POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
        assertEquals(405, code(post));
        assertTrue(post.contains("allow: GET, HEAD"), post);
        String get = exchange(channel, get("/api/drain?port=7000"));
        assertEquals(405, code(get));
        assertTrue(get.contains("allow: POST"), get);
        assertEquals(404, code(exchange(channel, get("/nothing-here"))));
        assertEquals(404, code(exchange(channel, get("/../../etc/passwd"))));
        assertTrue(channel.isOpen(), "answered errors keep a keep-alive connection");

        EmbeddedChannel garbage = channel();
        assertEquals(400, code(exchange(garbage, "\u0001\u0002 not http at all\r\n\r\n")));
        assertFalse(garbage.isOpen(), "after a malformed request the connection closes");
    }

    @Test
    void oversizedRequestsAreRefusedWithTheirOwnCodes() {
        EmbeddedChannel uri = channel();
        assertEquals(414, code(exchange(uri, get("/" + "a".repeat(AdminServerInitializer.MAX_LINE + 10)))));
        assertFalse(uri.isOpen());

        EmbeddedChannel headers = channel();
        assertEquals(431, code(exchange(headers, "GET / HTTP/1.1\r\nX-Big: " + "b".repeat(AdminServerInitializer.MAX_HEADERS + 10) + "\r\n\r\n")));
        assertFalse(headers.isOpen());

        EmbeddedChannel body = channel();
        assertEquals(413, code(exchange(body, "POST /api/drain?port=7000 HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: "
                + (AdminServerInitializer.MAX_BODY + 1) + "\r\n\r\n" + "c".repeat(AdminServerInitializer.MAX_BODY + 1))));
        assertFalse(body.isOpen());
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderAndHeadHasNoBody() {
        EmbeddedChannel channel = channel();
        String both = exchange(channel, get("/nothing") + get("/api/health"));
        int notFound = both.indexOf("404 Not Found");
        int ok = both.indexOf("200 OK");
        assertTrue(notFound >= 0 && ok > notFound, both);
        assertTrue(both.endsWith("ready\n"), both);

        String head = exchange(channel, "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertEquals("HTTP/1.1 200 OK", status(head));
        assertTrue(head.endsWith("\r\n\r\n"), "no body after the headers: " + head);
        assertFalse(head.contains("content-length: 0"), head);
        assertFalse(channel.finish());
    }

    @Test
    void aConnectionCloseRequestIsAnsweredThenClosed() {
        EmbeddedChannel channel = channel();
        String response = exchange(channel, "GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(200, code(response));
        assertTrue(response.contains("connection: close"), response);
        assertFalse(channel.isOpen());
    }

    private static int code(String response) {
        return Integer.parseInt(status(response).split(" ")[1]);
    }
}
