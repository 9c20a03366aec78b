package gamegrid.fightserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a battle server runs; every bad value is reported at once.
 *
 * @param host          address to listen on
 * @param port          port to listen on, 0 for any free port
 * @param maxPlayers    seats this process offers (the original's MAXNUM); a join beyond it gets {@code ERR full}
 * @param turnTimeout   how long a round waits for orders before the missing ones become {@code defend}
 * @param forfeitGrace  how long a battle keeps a disconnected player's fighter before it forfeits
 * @param idleTimeout   a connection that sends nothing for this long is closed; keep it above the turn timeout
 * @param maxLineLength longest command line in bytes; a longer one is refused with {@code ERR line too long}
 * @param seed          seeds the generator of battle seeds, so a test run can be replayed; 0 picks one at random
 */
public record BattleConfig(String host, int port, int maxPlayers, Duration turnTimeout,
                             Duration forfeitGrace, Duration idleTimeout, int maxLineLength, long seed) {
    /** Long enough for any command, short enough that a flood of them stays cheap. */
    public static final int MIN_LINE_LENGTH = 64;
    private static final Duration MAX_WAIT = Duration.ofHours(1);

    public BattleConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(turnTimeout, "turnTimeout");
        Objects.requireNonNull(forfeitGrace, "forfeitGrace");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        List<String> problems = new ArrayList<>();
        if (host.isBlank()) {
            problems.add("host is empty");
        }
        if (port < 0 || port > 65_535) {
            problems.add("port must be 0 to 65535: " + port);
        }
        if (maxPlayers < 1) {
            problems.add("maxPlayers must be at least 1: " + maxPlayers);
        }
        checkWait(problems, "turnTimeout", turnTimeout, Duration.ofMillis(1));
        checkWait(problems, "forfeitGrace", forfeitGrace, Duration.ZERO);
        checkWait(problems, "idleTimeout", idleTimeout, Duration.ofMillis(1));
        if (maxLineLength < MIN_LINE_LENGTH || maxLineLength > 1 << 20) {
            problems.add("maxLineLength must be " + MIN_LINE_LENGTH + " to 1048576: " + maxLineLength);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("bad battle settings: " + String.join("; ", problems));
        }
    }

    /** Settings whose battles are seeded at random. */
    public BattleConfig(String host, int port, int maxPlayers, Duration turnTimeout,
                          Duration forfeitGrace, Duration idleTimeout, int maxLineLength) {
        this(host, port, maxPlayers, turnTimeout, forfeitGrace, idleTimeout, maxLineLength, 0);
    }

    /** Waits travel in milliseconds on the wire, so they must be whole, and bounded so they fit. */
    private static void checkWait(List<String> problems, String name, Duration wait, Duration least) {
        if (wait.compareTo(least) < 0 || wait.compareTo(MAX_WAIT) > 0) {
            problems.add(name + " must be " + least.toMillis() + "ms to 1h: " + wait);
        }
    }
}
