package gamegrid.protocol.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.protocol.dispatch.Request;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The server's side of a real control link, against a loopback socket playing the dispatcher: {@code ALLOCATE}
 * is answered once the server has marked itself, and a dispatcher gone silent is left and registered with again.
 */
class DispatcherLinkTest {

    @Test
    void allocateIsAnsweredOnceTheServerHasMarkedItself() throws Exception {
        assertEquals("allocated|7301", answerToAllocate(() -> CompletableFuture.completedFuture(null)));
    }

    @Test
    void aFailedAllocationIsAnsweredNotAllocated() throws Exception {
        assertEquals("not-allocated|7301",
                answerToAllocate(() -> CompletableFuture.failedFuture(new IllegalStateException("sidecar said 409"))));
    }

    @Test
    void aDispatcherThatStopsAnsweringPingsIsLeftAndRegisteredWithAgain() throws Exception {
        try (ServerSocket dispatcher = new ServerSocket(0, 2, InetAddress.getLoopbackAddress())) {
            dispatcher.setSoTimeout(15_000);
            DispatcherLink link = link(dispatcher, Duration.ofMillis(200), () -> CompletableFuture.completedFuture(null));
            link.start();
            try (Socket silent = dispatcher.accept()) {
                BufferedReader in = reader(silent);
                assertTrue(in.readLine().startsWith("register|battle|7301|"));
                // The last word the server hears: from here on its pings go unanswered, as over a cut network
                // link (no reset, no FIN).
                silent.getOutputStream().write("OK registered\n".getBytes(StandardCharsets.UTF_8));
                long silentSince = System.nanoTime();
                assertEquals("ping", in.readLine());
                try (Socket again = dispatcher.accept()) {
                    assertTrue(reader(again).readLine().startsWith("register|battle|7301|"));
                    long waitedMs = (System.nanoTime() - silentSince) / 1_000_000;
                    // Three heartbeats of 200 ms without a word: not before (a dispatcher may be slow), not much after.
                    assertTrue(waitedMs >= 550 && waitedMs < 15_000, "left the dispatcher after " + waitedMs + " ms");
                }
            } finally {
                link.stop();
            }
        }
    }

    /** Plays the dispatcher: accepts the registration, sends ALLOCATE, returns the server's next line. */
    private static String answerToAllocate(Supplier<CompletionStage<Void>> allocation) throws Exception {
        try (ServerSocket dispatcher = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dispatcher.setSoTimeout(10_000);
            DispatcherLink link = link(dispatcher, Duration.ofSeconds(30), allocation);
            CompletableFuture<Void> registered = link.start();
            try (Socket socket = dispatcher.accept()) {
                socket.setSoTimeout(10_000);
                BufferedReader in = reader(socket);
                assertTrue(in.readLine().startsWith("register|battle|7301|cred|0|"));
                socket.getOutputStream().write("OK registered\nALLOCATE\n".getBytes(StandardCharsets.UTF_8));
                registered.get(10, TimeUnit.SECONDS);
                return in.readLine();
            } finally {
                link.stop();
            }
        }
    }

    private static BufferedReader reader(Socket socket) throws Exception {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    private static DispatcherLink link(ServerSocket dispatcher, Duration heartbeat, Supplier<CompletionStage<Void>> allocation) {
        return new DispatcherLink("127.0.0.1", dispatcher.getLocalPort(),
                new DispatcherLink.Identity(Request.BATTLE, 7301, "cred", List.of()), heartbeat,
                new DispatcherLink.Listener() {
                    @Override
                    public void drain() {
                    }

                    @Override
                    public void refused(String reason) {
                    }

                    @Override
                    public CompletionStage<Void> allocate() {
                        return allocation.get();
                    }
                });
    }
}
