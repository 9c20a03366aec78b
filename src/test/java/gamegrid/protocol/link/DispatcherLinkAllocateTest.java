package gamegrid.protocol.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.protocol.dispatch.Request;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** {@code ALLOCATE} on a real control link: the server marks itself allocated, then answers which way it went. */
class DispatcherLinkAllocateTest {

    @Test
    void allocateIsAnsweredOnceTheServerHasMarkedItself() throws Exception {
        assertEquals("allocated|7301", answerToAllocate(() -> CompletableFuture.completedFuture(null)));
    }

    @Test
    void aFailedAllocationIsAnsweredNotAllocated() throws Exception {
        assertEquals("not-allocated|7301",
                answerToAllocate(() -> CompletableFuture.failedFuture(new IllegalStateException("sidecar said 409"))));
    }

    /** Plays the dispatcher on a loopback socket: accepts the registration, sends ALLOCATE, returns the server's next line. */
    private static String answerToAllocate(Supplier<CompletionStage<Void>> allocation) throws Exception {
        try (ServerSocket dispatcher = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dispatcher.setSoTimeout(10_000);
            DispatcherLink link = new DispatcherLink("127.0.0.1", dispatcher.getLocalPort(),
                    new DispatcherLink.Identity(Request.BATTLE, 7301, "cred", List.of()), Duration.ofSeconds(30),
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
            CompletableFuture<Void> registered = link.start();
            try (Socket socket = dispatcher.accept()) {
                socket.setSoTimeout(10_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
                assertTrue(in.readLine().startsWith("register|battle|7301|cred|0|"));
                out.print("OK registered\nALLOCATE\n");
                out.flush();
                registered.get(10, java.util.concurrent.TimeUnit.SECONDS);
                return in.readLine();
            } finally {
                link.stop();
            }
        }
    }
}
