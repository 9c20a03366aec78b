package gamegrid.dispatcher;

import gamegrid.protocol.config.Settings;
import gamegrid.protocol.dispatch.Request;
import java.time.Duration;

/**
 * What one connection, or one address, may take of the dispatcher: lines, connections, seats, unsent
 * replies and time. {@code config/dispatcher.properties} explains each key ({@code limits.*}).
 *
 * @param maxLineLength            longest accepted command line in bytes
 * @param maxConnections           client connections at most (battle-server control links are not counted)
 * @param maxConnectionsPerAddress client connections from one address at most
 * @param maxPendingRegistrations  connections past a client limit kept for a moment in case they are
 *                                 battle servers about to {@code register}; the oldest is refused first
 * @param maxSeatsPerConnection    seats {@code get} hands one connection within a reservation timeout
 * @param maxSeatsPerAddress       seats {@code get} hands one address within a reservation timeout
 * @param maxUnsentBytes           replies waiting for a slow reader past this many bytes close its connection
 * @param clientIdleTimeout        a client connection silent this long is closed
 * @param lineTimeout              how long a client may take to finish a line it started
 * @param seedFlushDelay           how long an unterminated first command may wait for more bytes
 */
public record ClientLimits(
        int maxLineLength,
        int maxConnections,
        int maxConnectionsPerAddress,
        int maxPendingRegistrations,
        int maxSeatsPerConnection,
        int maxSeatsPerAddress,
        int maxUnsentBytes,
        Duration clientIdleTimeout,
        Duration lineTimeout,
        Duration seedFlushDelay) {

    /** Netty's default high-water mark, where reading pauses; the close bound must leave room above it. */
    static final int PAUSE_AT_UNSENT_BYTES = 64 * 1024;

    /** Reads every {@code limits.*} key, recording bad values in {@code s}. */
    static ClientLimits from(Settings s) {
        int maxConnections = s.integer("limits.max-connections", 10_000, 1, 1_000_000);
        int seatsPerConnection = s.integer("limits.max-seats-per-connection", 64, Request.Get.MAX_SEATS, Integer.MAX_VALUE);
        int seatsPerAddress = s.integer("limits.max-seats-per-address", 256, Request.Get.MAX_SEATS, Integer.MAX_VALUE);
        return new ClientLimits(
                s.integer("limits.max-line-length", 256, 16, 65_536),
                maxConnections,
                s.integer("limits.max-connections-per-address", 256, 1, 1_000_000),
                s.integer("limits.max-pending-registrations", 256, 1, 100_000),
                seatsPerConnection,
                seatsPerAddress,
                s.integer("limits.max-unsent-bytes", 256 * 1024, 2 * PAUSE_AT_UNSENT_BYTES, 64 * 1024 * 1024),
                s.duration("limits.client-idle-timeout", Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofHours(1)),
                s.duration("limits.line-timeout", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofHours(1)),
                s.duration("limits.seed-flush-delay", Duration.ofMillis(20), Duration.ofMillis(1), Duration.ofSeconds(10)));
    }
}
