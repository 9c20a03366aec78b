package gamegrid.protocol.agones;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.protocol.agones.AgonesSdk.AgonesException;
import gamegrid.protocol.agones.AgonesSdk.GameServerStatus;
import gamegrid.support.FakeAgonesSidecar;
import gamegrid.support.FakeAgonesSidecar.Call;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SDK calls as Agones documents them (rest.md, sdk.proto), against a local HTTP server that records them. */
class AgonesSdkTest {
    private FakeAgonesSidecar sidecar;
    private AgonesSdk sdk;

    @BeforeEach
    void start() throws Exception {
        sidecar = new FakeAgonesSidecar();
        sdk = new AgonesSdk(sidecar.base(), Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        sidecar.close();
    }

    @Test
    void lifecycleCallsArePostsOfAnEmptyJsonObjectToTheirDocumentedPaths() {
        sdk.ready().join();
        sdk.health().join();
        sdk.allocate().join();
        sdk.shutdown().join();

        assertEquals(List.of(
                new Call("POST", "/ready", "application/json", "{}"),
                new Call("POST", "/health", "application/json", "{}"),
                new Call("POST", "/allocate", "application/json", "{}"),
                new Call("POST", "/shutdown", "application/json", "{}")), sidecar.calls());
    }

    @Test
    void aLabelIsAPutOfKeyAndValueToMetadataLabel() {
        sdk.setLabel("gamegrid-kind", "battle").join();

        assertEquals(List.of(new Call("PUT", "/metadata/label", "application/json", "{\"key\":\"gamegrid-kind\",\"value\":\"battle\"}")),
                sidecar.calls());
    }

    @Test
    void aLabelThatIsNotLabelTextIsRefusedWithoutARequest() {
        CompletionException e = assertThrows(CompletionException.class, () -> sdk.setLabel("kind", "a\"b").join());

        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertEquals(List.of(), sidecar.calls());
    }

    @Test
    void theGameServerIsReadFromTheDocumentedResponse() {
        // The response example of GET /gameserver in rest.md, with the node's address and a host port.
        sidecar.gameServer("""
                {
                    "object_meta": {"name": "local", "namespace": "default", "uid": "1234", "resource_version": "v1",
                        "generation": "1", "creation_timestamp": "1531795395", "annotations": {"annotation": "true"},
                        "labels": {"islocal": "true"}},
                    "status": {"state": "Ready", "address": "10.0.0.7", "ports": [{"name": "default", "port": 7777}]}
                }""");

        GameServerStatus status = sdk.gameServer().join();

        assertEquals(new GameServerStatus("Ready", "10.0.0.7", List.of(7777)), status);
        assertTrue(status.placed());
        assertEquals(List.of(new Call("GET", "/gameserver", null, "")), sidecar.calls());
    }

    @Test
    void aGameServerNotYetScheduledHasNoPlacement() {
        assertFalse(sdk.gameServer().join().placed());
    }

    @Test
    void aStatusOtherThan2xxFailsTheCall() {
        sidecar.failNext("/ready", 1);

        CompletionException e = assertThrows(CompletionException.class, () -> sdk.ready().join());

        assertInstanceOf(AgonesException.class, e.getCause());
        assertEquals("POST /ready answered HTTP 503", e.getCause().getMessage());
    }

    @Test
    void anUnreachableSidecarFailsTheCall() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        AgonesSdk nobody = new AgonesSdk(URI.create("http://127.0.0.1:" + closedPort + "/"), Duration.ofSeconds(2));

        CompletionException e = assertThrows(CompletionException.class, () -> nobody.health().join());

        assertInstanceOf(AgonesException.class, e.getCause());
    }

    @Test
    void theSdkIsUsedOnlyWhenAgonesSetsItsPort() {
        assertTrue(AgonesSdk.fromEnvironment(Map.of(), Duration.ofSeconds(1)).isEmpty());
        assertTrue(AgonesSdk.fromEnvironment(Map.of(AgonesSdk.HTTP_PORT_ENV, "9358"), Duration.ofSeconds(1)).isPresent());
        assertThrows(IllegalArgumentException.class,
                () -> AgonesSdk.fromEnvironment(Map.of(AgonesSdk.HTTP_PORT_ENV, "nine"), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> AgonesSdk.fromEnvironment(Map.of(AgonesSdk.HTTP_PORT_ENV, "70000"), Duration.ofSeconds(1)));
    }
}
