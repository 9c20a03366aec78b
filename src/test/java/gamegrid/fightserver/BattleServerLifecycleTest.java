package gamegrid.fightserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.BindException;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Starting, stopping, settings and idle connections, on servers each test starts itself. */
class BattleServerLifecycleTest {
    private static BattleConfig settings(int port, Duration idleTimeout) {
        return new BattleConfig("127.0.0.1", port, 10, BattleServerExtension.TURN, BattleServerExtension.GRACE,
                idleTimeout, BattleServerExtension.MAX_LINE_LENGTH);
    }

    private static Set<Thread> battleThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("battle-")).collect(Collectors.toSet());
    }

    @Test
    void startingOnAPortInUseThrowsAndLeavesNoThreadBehind() throws Exception {
        BattleServer first = new BattleServer(settings(0, Duration.ofSeconds(10)), new RecordingSeatListener());
        first.start();
        try {
            Set<Thread> before = battleThreads();
            BattleServer second = new BattleServer(settings(first.port(), Duration.ofSeconds(10)), new RecordingSeatListener());
            assertThrows(BindException.class, second::start);
            for (Thread thread : battleThreads()) {
                if (!before.contains(thread)) {
                    thread.join(5_000);
                    assertFalse(thread.isAlive(), thread.getName() + " still runs");
                }
            }
            second.stop();
        } finally {
            first.stop();
        }
    }

    @Test
    void stoppingTwiceOrWithoutStartingIsHarmless() throws Exception {
        new BattleServer(settings(0, Duration.ofSeconds(10)), new RecordingSeatListener()).stop();
        BattleServer server = new BattleServer(settings(0, Duration.ofSeconds(10)), new RecordingSeatListener());
        server.start();
        long start = System.nanoTime();
        server.stop();
        server.stop();
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "stop is bounded");
    }

    @Test
    void anIdleConnectionIsToldAndClosedAfterTheIdleTimeout() throws Exception {
        RecordingSeatListener seats = new RecordingSeatListener();
        BattleServer server = new BattleServer(settings(0, Duration.ofMillis(300)), seats);
        server.start();
        try (PlayerClient idle = new PlayerClient(server.port())) {
            long start = System.nanoTime();
            assertEquals("ERR idle timeout", idle.next());
            assertTrue(idle.closedByServer());
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(250).toNanos(), "not before the idle timeout");
        } finally {
            server.stop();
        }
        assertEquals(0, seats.taken());
    }

    @Test
    void everyBadSettingIsReportedAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BattleConfig(
                " ", 70_000, 0, Duration.ZERO, Duration.ofMillis(-1), Duration.ofHours(2), 10));
        for (String name : new String[] {"host", "port", "maxPlayers", "turnTimeout", "forfeitGrace", "idleTimeout", "maxLineLength"}) {
            assertTrue(e.getMessage().contains(name), name + " missing from: " + e.getMessage());
        }
    }
}
