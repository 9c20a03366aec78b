package gamegrid.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the Agones SDK sidecar's REST gateway on loopback (the JDK's own HTTP server): it records
 * every call (method, path, content type, body), answers {@code 200 {}}, or a chosen status for the next
 * calls to a path, and serves a chosen GameServer on {@code GET /gameserver}.
 */
public final class FakeAgonesSidecar implements AutoCloseable {
    /** One request as the sidecar saw it. */
    public record Call(String method, String path, String contentType, String body) {
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
    private volatile String gameServer = "{\"object_meta\":{\"name\":\"local\"},\"status\":{\"state\":\"Scheduled\",\"address\":\"\",\"ports\":[]}}";

    public FakeAgonesSidecar() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + port() + "/");
    }

    /** Answers the next {@code count} calls to {@code path} with HTTP 503, as a sidecar that is not up yet. */
    public void failNext(String path, int count) {
        failuresLeft.put(path, new AtomicInteger(count));
    }

    /** What {@code GET /gameserver} returns from now on. */
    public void gameServer(String json) {
        gameServer = json;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The calls made to {@code path}, in order. */
    public List<Call> calls(String path) {
        return calls.stream().filter(c -> c.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.add(new Call(exchange.getRequestMethod(), path, exchange.getRequestHeaders().getFirst("Content-Type"), body));
            AtomicInteger failures = failuresLeft.get(path);
            if (failures != null && failures.getAndDecrement() > 0) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            byte[] answer = (path.equals("/gameserver") ? gameServer : "{}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
