package gamegrid.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import gamegrid.support.FakeBattleServerLink;
import gamegrid.support.LineClient;
import gamegrid.support.NeverReadingClient;
import gamegrid.support.SpawnedProcessReaper;
import gamegrid.support.TestDispatcher;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Clients that take more than their share, against a real dispatcher on loopback: a session that never
 * reads, seat hoarding, a connection flood while a battle server registers, a log flood; and every
 * {@code get} answered, shutdown included. A second client address is 127.0.0.2 (loopback all the same).
 */
@ExtendWith(SpawnedProcessReaper.class)
class FrontDoorTest {
    private static final Duration FLOOD = Duration.ofSeconds(3);
    /** What a client that never reads may make the dispatcher accept: socket buffers and one read, not more. */
    private static final long MAX_ACCEPTED_BYTES = 32L << 20;
    /** Growth of the dispatcher's pooled direct memory allowed during a flood (chunks are 4 MiB). */
    private static final long MAX_DIRECT_GROWTH = 32L << 20;

    @TempDir
    Path dir;

    private static InetAddress otherClient() throws Exception {
        return InetAddress.getByName("127.0.0.2");
    }

    @ParameterizedTest(name = "pipelining \"{0}\"")
    @ValueSource(strings = {"ping", "", "get"})
    void aSessionThatNeverReadsStopsBeingReadWhileOtherClientsAreServed(String command) throws Exception {
        // Paranoid leak detection records a stack trace at every buffer access: per line here, a hundred times
        // the cost of serving it. This test is about service under a flood, so it runs with the default level.
        ResourceLeakDetector.Level leakDetection = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);
        try {
            floodWithoutReading(command);
        } finally {
            ResourceLeakDetector.setLevel(leakDetection);
        }
    }

    private void floodWithoutReading(String command) throws Exception {
        try (TestDispatcher dispatcher = TestDispatcher.start(dir, "fleet.max-players", "1000000",
                "limits.max-seats-per-connection", "1000000000", "limits.max-seats-per-address", "1000000000");
             FakeBattleServerLink ignored = FakeBattleServerLink.register(dispatcher, 7000, 0);
             LineClient neighbour = new LineClient(dispatcher.port());
             NeverReadingClient flooder = new NeverReadingClient(dispatcher.port())) {
            assertEquals("OK session", neighbour.request("session"));
            long directBefore = usedDirectMemory();
            long directPeak = directBefore;
            flooder.flood("session\n", command, FLOOD);
            int served = 0;
            long end = System.nanoTime() + FLOOD.toNanos();
            while (System.nanoTime() < end) {
                assertEquals("PONG", neighbour.request("ping"));
                assertEquals("127.0.0.1:7000", LineClient.askFrom(otherClient(), dispatcher.port(), "get"));
                directPeak = Math.max(directPeak, usedDirectMemory());
                served++;
            }
            assertTrue(served > 0);
            System.out.printf("never-reading session pipelining \"%s\": %d bytes accepted from it in %ds, pooled direct"
                    + " memory +%d bytes, %d rounds served to the others%n", command, flooder.written(), FLOOD.toSeconds(),
                    directPeak - directBefore, served);
            assertTrue(flooder.written() < MAX_ACCEPTED_BYTES, "the dispatcher read " + flooder.written()
                    + " bytes from a client that reads nothing");
            assertTrue(directPeak - directBefore < MAX_DIRECT_GROWTH, "direct memory grew by " + (directPeak - directBefore));
        }
    }

    @Test
    void aClientThatNeverReadsIsCutOffAfterTheIdleTimeoutWithoutWaitingOnIt() throws Exception {
        try (TestDispatcher dispatcher = TestDispatcher.start(dir, "limits.client-idle-timeout", "1s");
             FakeBattleServerLink a = FakeBattleServerLink.register(dispatcher, 7000, 0);
             FakeBattleServerLink b = FakeBattleServerLink.register(dispatcher, 7001, 0);
             NeverReadingClient flooder = new NeverReadingClient(dispatcher.port())) {
            // stats: a short question with a long answer, so the replies back up soon
            flooder.flood("session\n", "stats", Duration.ofSeconds(40));
            flooder.awaitEnd(Duration.ofSeconds(45));
            assertTrue(flooder.cutOffByServer(), "the dispatcher closed the connection while its replies sat unread");
        }
    }

    @Test
    void oneClientCannotReserveTheFleetAwayFromTheOthers() throws Exception {
        try (TestDispatcher dispatcher = TestDispatcher.start(dir, "fleet.max-players", "200", "fleet.max-servers", "2",
                "fleet.reservation-timeout", "30s");
             FakeBattleServerLink a = FakeBattleServerLink.register(dispatcher, 7000, 0);
             FakeBattleServerLink b = FakeBattleServerLink.register(dispatcher, 7001, 0);
             LineClient hoarder = new LineClient(dispatcher.port())) {
            hoarder.send("session\n" + "get\n".repeat(2000));
            assertEquals("OK session", hoarder.readLine());
            int seats = 0;
            for (String reply : hoarder.readLines(2000)) {
                seats += reply.startsWith("127.0.0.1:") ? 1 : 0;
                assertTrue(reply.startsWith("127.0.0.1:") || reply.startsWith("ERR too many seats: this connection"), reply);
            }
            assertEquals(64, seats, "limits.max-seats-per-connection");
            for (int i = 0; i < 300; i++) {
                String reply = dispatcher.ask("get"); // one connection each, all from 127.0.0.1
                seats += reply.startsWith("127.0.0.1:") ? 1 : 0;
            }
            assertEquals(256, seats, "limits.max-seats-per-address");
            assertTrue(LineClient.askFrom(otherClient(), dispatcher.port(), "get").startsWith("127.0.0.1:70"),
                    "a player from another address still gets a seat");
        }
    }

    @Test
    void aConnectionFloodNeitherStopsABattleServerRegisteringNorLocksOutOtherAddresses() throws Exception {
        List<LineClient> flood = new ArrayList<>();
        CompletableFuture<Void> flooding = CompletableFuture.completedFuture(null);
        try (TestDispatcher dispatcher = TestDispatcher.start(dir, "limits.max-connections", "300",
                "limits.max-connections-per-address", "100")) {
            flooding = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 1500; i++) {
                        flood.add(new LineClient(dispatcher.port()));
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            for (int port = 7000; port < 7003; port++) {
                try (FakeBattleServerLink link = FakeBattleServerLink.register(dispatcher, port, 0)) {
                    assertEquals("PONG", link.request("ping"));
                }
            }
            flooding.join();
            try (FakeBattleServerLink link = FakeBattleServerLink.register(dispatcher, 7003, 0)) {
                assertEquals("127.0.0.1:7003", LineClient.askFrom(otherClient(), dispatcher.port(), "get"));
            }
        } finally {
            flooding.exceptionally(e -> null).join();
            for (LineClient client : flood) {
                client.close();
            }
        }
    }

    @Test
    void aFloodOfWrongSecretsWritesABoundedLog() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        try (TestDispatcher dispatcher = TestDispatcher.start(dir)) {
            for (int i = 0; i < 300; i++) {
                assertTrue(dispatcher.ask("register|7000|guess" + i + "|0|1").startsWith("ERR forbidden: "));
            }
            long warnings = appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).count();
            assertTrue(warnings <= 2, warnings + " warnings for 300 wrong secrets from one address");
        } finally {
            root.detachAppender(appender);
        }
    }

    @Test
    void everyGetWaitingForAServerIsAnsweredWhenTheDispatcherStops() throws Exception {
        // A "java" that never starts a battle server: the gets wait until the dispatcher stops.
        Path neverReady = dir.resolve("never-ready.sh");
        Files.writeString(neverReady, "#!/bin/sh\nexec sleep 60\n");
        Files.setPosixFilePermissions(neverReady, PosixFilePermissions.fromString("rwx------"));
        try (TestDispatcher dispatcher = TestDispatcher.start(dir, "launch.java", neverReady.toString(), "fleet.start-timeout", "60s");
             LineClient oneShot = new LineClient(dispatcher.port()); LineClient session = new LineClient(dispatcher.port())) {
            oneShot.send("get\n");
            session.send("session\nget\nping\n");
            assertEquals("OK session", session.readLine());
            await().atMost(Duration.ofSeconds(10)).until(() -> dispatcher.stats().size() == 1); // the launch is under way
            dispatcher.close();
            assertEquals("ERR dispatcher is stopping", oneShot.readLine());
            assertTrue(oneShot.closedByServer());
            assertEquals("ERR dispatcher is stopping", session.readLine());
            assertEquals("PONG", session.readLine());
            assertEquals("ERR dispatcher is stopping", session.readLine());
            assertTrue(session.closedByServer());
        }
    }

    private static long usedDirectMemory() {
        return PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
    }
}
