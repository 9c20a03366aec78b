package gamegrid.fightserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a battle server on 127.0.0.1 and a free port before each test and stops it after, then checks
 * that every seat the listener heard taken was released and the server holds none.
 */
final class BattleServerExtension implements BeforeEachCallback, AfterEachCallback {
    static final Duration TURN = Duration.ofMillis(200);
    static final Duration GRACE = Duration.ofMillis(300);
    /** A seed under which the first PvE battle lets the hero knock monster 2 out while monster 3 still stands. */
    static final long SEED = 1;
    static final int MAX_LINE_LENGTH = 256;

    private final int maxPlayers;
    private final Duration turnTimeout;
    private final Duration idleTimeout;
    private BattleServer server;
    private RecordingSeatListener seats;

    BattleServerExtension(int maxPlayers, Duration turnTimeout, Duration idleTimeout) {
        this.maxPlayers = maxPlayers;
        this.turnTimeout = turnTimeout;
        this.idleTimeout = idleTimeout;
    }

    /** Short turns, a roomy seat cap, and an idle timeout no test runs into. */
    static BattleServerExtension standard() {
        return new BattleServerExtension(100, TURN, Duration.ofSeconds(10));
    }

    /**
     * For bots, which answer each round within milliseconds: the turn timer is only a backstop, long enough
     * that a busy test machine never makes a bot's order miss its round (it would count for the next one).
     */
    static BattleServerExtension forBots() {
        return new BattleServerExtension(100, Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    @Override
    public void beforeEach(ExtensionContext context) throws InterruptedException {
        seats = new RecordingSeatListener();
        server = new BattleServer(new BattleConfig("127.0.0.1", 0, maxPlayers, turnTimeout, GRACE, idleTimeout,
                MAX_LINE_LENGTH, SEED), seats);
        server.start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        server.stop();
        assertEquals(0, server.players(), "seats held after stop");
        assertEquals(0, seats.held(), "seats taken " + seats.taken() + " but released " + seats.released());
    }

    BattleServer server() {
        return server;
    }

    RecordingSeatListener seats() {
        return seats;
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", server.port());
    }

    PlayerClient connect() throws IOException {
        return new PlayerClient(server.port());
    }

    /** The listener and the server agree on the seats taken, and that is {@code expected}. */
    void assertSeats(int expected) {
        assertEquals(expected, server.players(), "players()");
        assertEquals(expected, seats.held(), "taken minus released");
    }
}
