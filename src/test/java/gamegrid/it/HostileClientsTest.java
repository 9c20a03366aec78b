package gamegrid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.support.FakeBattleServerLink;
import gamegrid.support.LineClient;
import gamegrid.support.TestDispatcher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clients that misbehave on purpose: slow drips, silence, too many connections, floods, garbage. */
class HostileClientsTest {
    @TempDir
    Path dir;

    private TestDispatcher dispatcher;

    @AfterEach
    void stopDispatcher() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    @Test
    void aClientThatDripsALineSlowerThanTheLineTimeoutIsCutOff() throws Exception {
        dispatcher = TestDispatcher.start(dir, "limits.line-timeout", "300ms", "limits.client-idle-timeout", "10s");
        try (LineClient client = new LineClient(dispatcher.port())) {
            client.send("session\n");
            assertEquals("OK session", client.readLine());
            client.send("g");
            Thread.sleep(150);
            client.send("e"); // each byte would reset an idle timeout; the line deadline still runs
            assertEquals("ERR line timeout", client.readLine());
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void aSilentClientIsClosedAfterTheIdleTimeout() throws Exception {
        dispatcher = TestDispatcher.start(dir, "limits.client-idle-timeout", "300ms");
        try (LineClient client = new LineClient(dispatcher.port())) {
            assertEquals("ERR idle timeout", client.readLine());
            assertNull(client.readLine());
        }
    }

    @Test
    void connectionsPastTheLimitAreRefusedWhileOpenOnesKeepWorking() throws Exception {
        dispatcher = TestDispatcher.start(dir, "limits.max-connections", "20");
        List<LineClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                LineClient client = new LineClient(dispatcher.port());
                assertEquals("OK session", client.request("session"));
                open.add(client);
            }
            try (LineClient refused = new LineClient(dispatcher.port())) {
                assertEquals("ERR too many connections", refused.readLine());
                assertTrue(refused.closedByServer());
            }
            for (LineClient client : open) {
                assertEquals("PONG", client.request("ping"));
            }
        } finally {
            for (LineClient client : open) {
                client.close();
            }
        }
        // Slots are given back when connections close.
        long deadline = System.nanoTime() + 5_000_000_000L;
        String reply;
        do {
            reply = dispatcher.ask("ping");
        } while (!reply.equals("PONG") && System.nanoTime() < deadline);
        assertEquals("PONG", reply);
    }

    @Test
    void thousandsOfIdleConnectionsDoNotStopTheDispatcherFromAnswering() throws Exception {
        dispatcher = TestDispatcher.start(dir, "limits.max-connections", "3000", "limits.max-connections-per-address", "3000");
        List<LineClient> idle = new ArrayList<>();
        try (FakeBattleServerLink ignored = FakeBattleServerLink.register(dispatcher, 7000, 0)) {
            for (int i = 0; i < 2000; i++) {
                LineClient client = new LineClient(dispatcher.port());
                client.send("sess"); // half a line each: buffered, bounded by the line limit
                idle.add(client);
            }
            assertEquals("127.0.0.1:7000", dispatcher.ask("get"));
        } finally {
            for (LineClient client : idle) {
                client.close();
            }
        }
    }

    @Test
    void aPipelinedFloodIsAnsweredInFullAndInOrderWithoutOverrunningTheServer() throws Exception {
        dispatcher = TestDispatcher.start(dir, "fleet.max-players", "1000000", "fleet.reservation-timeout", "200ms",
                "limits.max-seats-per-connection", "1000000", "limits.max-seats-per-address", "1000000");
        try (FakeBattleServerLink ignored = FakeBattleServerLink.register(dispatcher, 7000, 0);
             LineClient client = new LineClient(dispatcher.port())) {
            int count = 20_000;
            StringBuilder flood = new StringBuilder("session\n");
            for (int i = 0; i < count; i++) {
                flood.append(i % 2 == 0 ? "get\n" : "ping\n");
            }
            // Written from another thread: the dispatcher stops reading while replies pile up unread.
            Thread writer = new Thread(() -> {
                try {
                    client.send(flood.toString());
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            writer.start();
            assertEquals("OK session", client.readLine());
            for (int i = 0; i < count; i++) {
                assertEquals(i % 2 == 0 ? "127.0.0.1:7000" : "PONG", client.readLine(), "reply " + i);
            }
            writer.join(10_000);
        }
    }

    @Test
    void randomGarbageNeverCrashesTheDispatcherNorChangesTheTable() throws Exception {
        dispatcher = TestDispatcher.start(dir, "limits.max-line-length", "128");
        Random random = new Random(42);
        try (FakeBattleServerLink link = FakeBattleServerLink.register(dispatcher, 7000, 3)) {
            for (int i = 0; i < 300; i++) {
                byte[] garbage = new byte[1 + random.nextInt(300)];
                random.nextBytes(garbage);
                try (LineClient client = new LineClient(dispatcher.port())) {
                    client.sendBytes(garbage);
                    client.shutdownOutput();
                    String reply = client.readLine();
                    assertTrue(reply == null || reply.startsWith("ERR ") || reply.startsWith("127.0.0.1:")
                            || reply.startsWith("OK") || reply.equals("PONG") || reply.startsWith("STATS"), reply);
                } catch (IOException e) {
                    // a reset after an over-long line is a fair answer too
                }
            }
            TestDispatcher.Row row = dispatcher.stats().get(7000);
            assertEquals(3, row.load(), "garbage changed no load");
            assertEquals("OK", link.add());
        }
    }
}
