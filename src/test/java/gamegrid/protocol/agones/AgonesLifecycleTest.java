package gamegrid.protocol.agones;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import gamegrid.protocol.dispatch.Request;
import gamegrid.support.FakeAgonesSidecar;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a server tells Agones over its life, in order, against a local stand-in for the sidecar. */
class AgonesLifecycleTest {
    private FakeAgonesSidecar sidecar;
    private AgonesLifecycle lifecycle;

    @BeforeEach
    void start() throws Exception {
        sidecar = new FakeAgonesSidecar();
        lifecycle = new AgonesLifecycle(new AgonesSdk(sidecar.base(), Duration.ofSeconds(2)), Request.BATTLE);
    }

    @AfterEach
    void stop() {
        lifecycle.shutdown(Duration.ofSeconds(2));
        sidecar.close();
    }

    @Test
    void readyIsRetriedWhileTheSidecarStartsThenHealthPingsFollowEveryInterval() {
        sidecar.failNext("/ready", 2);

        lifecycle.listening(Duration.ofMillis(100)).orTimeout(10, TimeUnit.SECONDS).join();

        assertEquals(3, sidecar.calls("/ready").size());
        await().atMost(Duration.ofSeconds(5)).until(() -> sidecar.calls("/health").size() >= 3);
        assertEquals(1, sidecar.calls("/metadata/label").size());
    }

    @Test
    void shutdownStopsTheHealthPingsAndAsksAgonesOnce() {
        lifecycle.listening(Duration.ofMillis(50)).orTimeout(10, TimeUnit.SECONDS).join();
        await().atMost(Duration.ofSeconds(5)).until(() -> !sidecar.calls("/health").isEmpty());

        lifecycle.shutdown(Duration.ofSeconds(2));
        lifecycle.shutdown(Duration.ofSeconds(2));
        int pings = sidecar.calls("/health").size();

        assertEquals(1, sidecar.calls("/shutdown").size());
        // No ping after Shutdown: the timer stopped (a ping already in flight may still land).
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> sidecar.calls("/health").size() <= pings + 1);
    }

    @Test
    void theServerListensOnThePortAgonesOpenedAndAdvertisesTheNodesAddress() throws Exception {
        // Scheduled with no address yet, as a pod that has not been placed: the server waits.
        sidecar.gameServer("{\"status\":{\"state\":\"Scheduled\",\"address\":\"\",\"ports\":[]}}");
        CompletableFuture<String[]> placed = CompletableFuture.supplyAsync(() -> {
            try {
                return lifecycle.placedArguments(new String[] {"--config=config/fightserver.properties", "--port=7000"});
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> sidecar.calls("/gameserver").size() >= 2);
        sidecar.gameServer("{\"status\":{\"state\":\"Scheduled\",\"address\":\"192.0.2.4\",\"ports\":[{\"name\":\"battle\",\"port\":7412}]}}");

        String[] args = placed.get(10, TimeUnit.SECONDS);

        assertArrayEquals(new String[] {"--config=config/fightserver.properties", "--port=7000", "--port=7412",
                "--advertised-host=192.0.2.4"}, args);
    }

    @Test
    void allocateIsOnePost() {
        lifecycle.allocate().join();

        assertEquals(1, sidecar.calls("/allocate").size());
    }
}
