package gamegrid.mapserver;

import static gamegrid.support.MapServerFixture.ticket;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import gamegrid.support.MapClient;
import gamegrid.support.MapServerFixture;
import gamegrid.support.MemcachedProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * memcached stores a save but its answer is lost with the connection (the client's watchdog closes it): the server's
 * next write conflicts with its own stored write. It must find that out and go on, not fence its own player.
 */
class LostStoreAnswerTest {

    @Test
    void aSaveStoredWhoseAnswerWasLostIsTakenAsWrittenNotAsATakeover() throws Exception {
        try (MemcachedProcess memcached = MemcachedProcess.start();
             AnswerDroppingProxy proxy = new AnswerDroppingProxy(memcached.port());
             MapServerFixture world = MapServerFixture.start(memcached, null, "maps", "town",
                     "memcached", "127.0.0.1:" + proxy.port(), "store-timeout", "200ms");
             MapClient client = MapClient.entering(world.port(), ticket("noa"), null)) {
            client.await("YOU");
            client.walk("e", 1); // 20,8, saved
            proxy.dropAnswers(true);
            assertEquals("MOVED|noa|21|8", client.ask("move|e", "MOVED")); // stored by memcached, its answer dropped
            assertEquals("ERR state store unavailable: your last moves are not saved yet", client.await("ERR"));
            proxy.dropAnswers(false);
            // The sweep saves again on a new connection: its CAS meets the server's own stored write.
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> client.ask("move|e", "MOVED").startsWith("MOVED"));
            assertFalse(client.seen().contains("ERR logged in elsewhere"), client.seen().toString());
            String[] last = client.seen().get(client.seen().size() - 1).split("\\|");
            client.send("quit");
            try (MapClient back = MapClient.entering(world.port(), ticket("noa"), null)) {
                assertEquals("YOU|noa|town|" + last[2] + "|" + last[3] + "|100|0|0", back.await("YOU"), client.seen().toString());
            }
        }
    }

    /** A loopback relay to memcached that can drop what memcached answers, as a connection lost mid-request would. */
    private static final class AnswerDroppingProxy implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private volatile boolean dropping;

        AnswerDroppingProxy(int memcachedPort) throws IOException {
            Thread accepter = new Thread(() -> {
                try {
                    while (true) {
                        Socket client = listener.accept();
                        Socket server = new Socket(InetAddress.getLoopbackAddress(), memcachedPort);
                        sockets.add(client);
                        sockets.add(server);
                        pump(client, server, false);
                        pump(server, client, true);
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, "proxy-accept");
            accepter.setDaemon(true);
            accepter.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        void dropAnswers(boolean drop) {
            dropping = drop;
        }

        private void pump(Socket from, Socket to, boolean answers) {
            Thread pump = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        if (!(answers && dropping)) {
                            out.write(buffer, 0, n);
                        }
                    }
                } catch (IOException closed) {
                    // either side went away
                } finally {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            }, "proxy-pump");
            pump.setDaemon(true);
            pump.start();
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
            sockets.forEach(AnswerDroppingProxy::closeQuietly);
        }
    }
}
