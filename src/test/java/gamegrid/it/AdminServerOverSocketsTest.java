package gamegrid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.support.LineClient;
import gamegrid.support.TestDispatcher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dispatcher's admin port on a real loopback socket: what a scraper, an operator and an attacker see. */
class AdminServerOverSocketsTest {
    @TempDir
    Path dir;

    private TestDispatcher dispatcher;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        dispatcher = TestDispatcher.start(dir);
    }

    @AfterEach
    void stop() {
        dispatcher.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dispatcher.adminPort() + path));
    }

    /** Sends raw bytes on a new connection and returns the status line. */
    private String rawStatus(String request) throws Exception {
        try (LineClient client = new LineClient(dispatcher.adminPort())) {
            client.send(request);
            return client.readLine();
        }
    }

    @Test
    void theDispatchersOwnRequestsAreCountedByCommandAndOutcome() throws Exception {
        assertTrue(dispatcher.ask("stats").startsWith("STATS"));
        assertTrue(dispatcher.ask("bogus").startsWith("ERR"));
        assertTrue(dispatcher.ask("bogus").startsWith("ERR"));
        HttpResponse<String> metrics = send(request("/metrics"));
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("gamegrid_dispatcher_requests_total{command=\"stats\",outcome=\"ok\"} 1.0"), metrics.body());
        assertTrue(metrics.body().contains("gamegrid_dispatcher_requests_total{command=\"invalid\",outcome=\"error\"} 2.0"), metrics.body());
        assertTrue(metrics.body().contains("jvm_threads_current"), metrics.body());
    }

    @Test
    void theStatusDataAndHealthAreServedOverHttp() throws Exception {
        HttpResponse<String> fleet = send(request("/api/fleet"));
        assertEquals(200, fleet.statusCode());
        assertEquals("application/json", fleet.headers().firstValue("content-type").orElse(""));
        assertTrue(fleet.body().contains("\"ready\":true"), fleet.body());
        HttpResponse<String> health = send(request("/api/health"));
        assertEquals(200, health.statusCode());
        assertEquals("ready\n", health.body());
    }

    @Test
    void noActionWithoutTheSecretAndTheRightSecretIsAccepted() throws Exception {
        HttpRequest.Builder drain = request("/api/drain?port=1").POST(HttpRequest.BodyPublishers.noBody());
        assertEquals(401, send(drain).statusCode());
        assertEquals(403, send(request("/api/drain?port=1").header("Authorization", "Bearer guess")
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode());
        // The right secret gets as far as the fleet, which has no server on port 1.
        assertEquals(404, send(request("/api/drain?port=1").header("Authorization", "Bearer " + dispatcher.secret())
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode());
    }

    @Test
    void badRequestsGetTheirStatusCodeAndTheServerStaysUp() throws Exception {
        assertEquals("HTTP/1.1 400 Bad Request", rawStatus("\u0000\u0001garbage\r\n\r\n"));
        assertEquals("HTTP/1.1 404 Not Found", rawStatus("GET /admin HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertEquals("HTTP/1.1 405 Method Not Allowed", rawStatus("DELETE / HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertEquals("HTTP/1.1 413 Request Entity Too Large",
                rawStatus("POST /api/drain HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n"));
        assertEquals("HTTP/1.1 414 Request-URI Too Long", rawStatus("GET /" + "x".repeat(10_000) + " HTTP/1.1\r\n\r\n"));
        try (LineClient halfOpen = new LineClient(dispatcher.adminPort())) {
            halfOpen.send("GET / HTTP/1.1\r\nHost: x\r\n"); // never finished
            assertEquals(200, send(request("/api/health")).statusCode(), "others are served meanwhile");
        }
        assertEquals(200, send(request("/")).statusCode());
        assertEquals("ready", dispatcher.ask("health").substring(3));
    }
}
