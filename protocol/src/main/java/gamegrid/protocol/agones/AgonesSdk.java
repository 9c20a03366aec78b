package gamegrid.protocol.agones;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Agones game-server SDK over its REST gateway, with the JDK's own HTTP client. Each call is one request
 * to the SDK sidecar in the same pod, as Agones documents it in
 * {@code site/content/en/docs/Guides/Client SDKs/rest.md} and declares it in {@code proto/sdk/sdk.proto}
 * (googleforgames/agones): the HTTP mapping of every rpc is its {@code google.api.http} option there, and
 * the request messages ({@code Empty}, {@code KeyValue}) are sent as JSON with {@code body: "*"}.
 *
 * <p>Calls complete exceptionally with {@link AgonesException} when the sidecar answers with a status other
 * than 2xx or cannot be reached; they never block the calling thread.
 */
public final class AgonesSdk {
    /**
     * Set by Agones in every game-server container: the sidecar's REST port on localhost ("It is advised to
     * use the environment variable rather than a hard coded port", rest.md).
     */
    public static final String HTTP_PORT_ENV = "AGONES_SDK_HTTP_PORT";

    /** {@code message Empty {}} in sdk.proto, and the body every lifecycle example in rest.md sends ({@code -d "{}"}). */
    private static final String EMPTY = "{}";

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;

    public AgonesSdk(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** The SDK at {@code http://localhost:$AGONES_SDK_HTTP_PORT/} when that variable is set (that is, under Agones). */
    public static Optional<AgonesSdk> fromEnvironment(Map<String, String> env, Duration timeout) {
        String port = env.get(HTTP_PORT_ENV);
        if (port == null || port.isBlank()) {
            return Optional.empty();
        }
        int number;
        try {
            number = Integer.parseInt(port.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(HTTP_PORT_ENV + " is not a port: " + port);
        }
        if (number < 1 || number > 65_535) {
            throw new IllegalArgumentException(HTTP_PORT_ENV + " is out of range: " + port);
        }
        // rest.md: "The REST API can be accessed from http://localhost:${AGONES_SDK_HTTP_PORT}/".
        return Optional.of(new AgonesSdk(URI.create("http://localhost:" + number + "/"), timeout));
    }

    /** {@code rpc Ready (Empty)}: {@code POST /ready} with {@code {}}; the GameServer becomes Ready (allocatable). */
    public CompletableFuture<Void> ready() {
        return send("POST", "ready", EMPTY);
    }

    /**
     * {@code rpc Health (stream Empty)}: {@code POST /health} with {@code {}}, one ping; missing pings for
     * {@code health.failureThreshold} periods of {@code health.periodSeconds} make the GameServer Unhealthy.
     */
    public CompletableFuture<Void> health() {
        return send("POST", "health", EMPTY);
    }

    /** {@code rpc Allocate (Empty)}: {@code POST /allocate} with {@code {}}; a Fleet never scales an Allocated GameServer down. */
    public CompletableFuture<Void> allocate() {
        return send("POST", "allocate", EMPTY);
    }

    /** {@code rpc Shutdown (Empty)}: {@code POST /shutdown} with {@code {}}; Agones then deletes the pod. */
    public CompletableFuture<Void> shutdown() {
        return send("POST", "shutdown", EMPTY);
    }

    /**
     * {@code rpc SetLabel (KeyValue)}: {@code PUT /metadata/label} with {@code {"key": K, "value": V}}; Agones
     * stores it as label {@code agones.dev/sdk-K}. Keys and values must be Kubernetes label text.
     */
    public CompletableFuture<Void> setLabel(String key, String value) {
        if (!LABEL_TEXT.matcher(key).matches() || !LABEL_TEXT.matcher(value).matches()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("not label text: " + key + "=" + value));
        }
        return send("PUT", "metadata/label", "{\"key\":\"" + key + "\",\"value\":\"" + value + "\"}");
    }

    /** Kubernetes label names and values: alphanumerics with {@code -_.} inside, at most 63 characters; never needs JSON escaping. */
    private static final Pattern LABEL_TEXT = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?");

    /**
     * {@code rpc GetGameServer (Empty) returns (GameServer)}: {@code GET /gameserver}. Only what a server needs
     * to advertise itself is read: {@code status.state}, {@code status.address} and {@code status.ports[].port}
     * (address and ports are filled in once the pod is scheduled).
     */
    public CompletableFuture<GameServerStatus> gameServer() {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("gameserver")).timeout(timeout).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
            checked("GET", "gameserver", response, error);
            return GameServerStatus.parse(response.body());
        });
    }

    private CompletableFuture<Void> send(String method, String path, String json) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(timeout)
                .header("Content-Type", "application/json") // as every example in rest.md
                .method(method, HttpRequest.BodyPublishers.ofString(json))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, error) -> {
            checked(method, path, response, error);
            return null;
        });
    }

    private static void checked(String method, String path, HttpResponse<?> response, Throwable error) {
        if (error != null) {
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            throw new AgonesException(method + " /" + path + " failed: " + cause, cause instanceof IOException ? cause : error);
        }
        if (response.statusCode() / 100 != 2) {
            throw new AgonesException(method + " /" + path + " answered HTTP " + response.statusCode(), null);
        }
    }

    /** A failed SDK call: the sidecar unreachable, or an HTTP status other than 2xx. */
    public static final class AgonesException extends RuntimeException {
        AgonesException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * What {@code GET /gameserver} says of where players reach this server: {@code status.state},
     * {@code status.address} (the node's address) and the host ports of {@code status.ports} in order.
     */
    public record GameServerStatus(String state, String address, List<Integer> ports) {
        // The JSON of sdk.proto's GameServer is small and fixed; the three fields are read from the
        // "status" object without a JSON library (none is on the class path, and one is not worth adding
        // for three fields). "address" is matched before "addresses" can be, since proto field 2 comes first.
        private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\\{(.*)", Pattern.DOTALL);
        private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([^\"]*)\"");
        private static final Pattern ADDRESS = Pattern.compile("\"address\"\\s*:\\s*\"([^\"]*)\"");
        private static final Pattern PORTS = Pattern.compile("\"ports\"\\s*:\\s*\\[([^\\]]*)\\]");
        private static final Pattern PORT = Pattern.compile("\"port\"\\s*:\\s*\"?(\\d{1,5})\"?");

        public GameServerStatus {
            ports = List.copyOf(ports);
        }

        /** Whether Agones has placed the server yet: an address and at least one port. */
        public boolean placed() {
            return !address.isEmpty() && !ports.isEmpty();
        }

        static GameServerStatus parse(String json) {
            Matcher status = STATUS.matcher(json);
            if (!status.find()) {
                throw new AgonesException("GET /gameserver has no status: " + json.substring(0, Math.min(200, json.length())), null);
            }
            String body = status.group(1);
            List<Integer> ports = new ArrayList<>();
            Matcher list = PORTS.matcher(body);
            if (list.find()) {
                Matcher port = PORT.matcher(list.group(1));
                while (port.find()) {
                    ports.add(Integer.parseInt(port.group(1)));
                }
            }
            return new GameServerStatus(first(STATE, body), first(ADDRESS, body), ports);
        }

        private static String first(Pattern pattern, String text) {
            Matcher m = pattern.matcher(text);
            return m.find() ? m.group(1) : "";
        }
    }
}
