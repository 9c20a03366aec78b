package gamegrid.dispatcher;

import gamegrid.dispatcher.fleet.FleetSettings;
import gamegrid.dispatcher.fleet.LaunchSettings;
import gamegrid.protocol.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Everything the dispatcher daemon is told at start; {@code config/dispatcher.properties} explains each key.
 *
 * @param listenHost            address the dispatcher binds
 * @param listenPort            port the dispatcher binds (0: any, for tests)
 * @param advertisedHost        host written in {@code get} replies
 * @param ioThreads             event-loop threads serving connections
 * @param maxLineLength         longest accepted command line in bytes
 * @param maxConnections        open connections at most; more are refused
 * @param clientIdleTimeout     a client connection silent this long is closed
 * @param lineTimeout           how long a client may take to finish a line it started
 * @param seedFlushDelay        how long an unterminated first command may wait for more bytes
 * @param secretFile            where the secret battle servers prove themselves with is kept
 * @param legacyReportAddresses addresses allowed to send unauthenticated one-shot {@code add}/{@code del}
 * @param stopFleetOnExit       whether stopping the dispatcher drains and stops its battle servers too
 * @param fleet                 fleet sizing and watching
 * @param launch                how battle-server processes are started
 */
public record DispatcherConfig(
        String listenHost,
        int listenPort,
        String advertisedHost,
        int ioThreads,
        int maxLineLength,
        int maxConnections,
        Duration clientIdleTimeout,
        Duration lineTimeout,
        Duration seedFlushDelay,
        Path secretFile,
        Set<String> legacyReportAddresses,
        boolean stopFleetOnExit,
        FleetSettings fleet,
        LaunchSettings launch) {

    public DispatcherConfig {
        legacyReportAddresses = Set.copyOf(legacyReportAddresses);
    }

    /** Builds the configuration from settings, reporting every bad value at once. */
    public static DispatcherConfig from(Settings s) {
        Duration ms = Duration.ofMillis(1);
        String listenHost = s.string("listen.host", "127.0.0.1");
        int listenPort = s.integer("listen.port", 6000, 0, 65_535);
        int maxPlayers = s.integer("fleet.max-players", 1000, 1, 1_000_000);
        int minServers = s.integer("fleet.min-servers", 1, 0, 1000);
        int maxServers = s.integer("fleet.max-servers", 16, 1, 1000);
        if (minServers > maxServers) {
            s.error("fleet.min-servers=" + minServers + " is above fleet.max-servers=" + maxServers);
        }
        FleetSettings fleet = new FleetSettings(
                maxPlayers,
                s.integer("fleet.first-port", 7000, 1, 65_535),
                Math.min(minServers, maxServers),
                maxServers,
                s.integer("fleet.warm-spares", 1, 0, 1000),
                s.integer("fleet.spare-high-water", maxPlayers / 5, 0, Integer.MAX_VALUE),
                s.duration("fleet.reservation-timeout", Duration.ofSeconds(10), Duration.ofMillis(100)),
                s.duration("fleet.start-timeout", Duration.ofSeconds(15), Duration.ofMillis(100)),
                s.duration("fleet.idle-timeout", Duration.ofMinutes(2), Duration.ofMillis(100)),
                s.duration("fleet.heartbeat-timeout", Duration.ofSeconds(5), Duration.ofMillis(100)),
                s.duration("fleet.drain-timeout", Duration.ofMinutes(10), Duration.ofMillis(100)),
                s.duration("fleet.adopt-window", Duration.ofMillis(1500), Duration.ZERO));
        LaunchSettings launch = new LaunchSettings(
                s.string("launch.java", Path.of(System.getProperty("java.home"), "bin", "java").toString()),
                s.list("launch.jvm-options"),
                s.string("launch.class-path", System.getProperty("java.class.path")),
                s.string("launch.battle-host", "127.0.0.1"),
                s.duration("launch.heartbeat-interval", Duration.ofSeconds(1), Duration.ofMillis(50)),
                s.path("launch.log-dir", "logs"),
                s.list("launch.battle-options"));
        DispatcherConfig config = new DispatcherConfig(
                listenHost,
                listenPort,
                s.string("listen.advertised-host", "127.0.0.1"),
                s.integer("listen.io-threads", Runtime.getRuntime().availableProcessors(), 1, 256),
                s.integer("limits.max-line-length", 256, 16, 65_536),
                s.integer("limits.max-connections", 10_000, 1, 1_000_000),
                s.duration("limits.client-idle-timeout", Duration.ofSeconds(30), Duration.ofMillis(100)),
                s.duration("limits.line-timeout", Duration.ofSeconds(10), Duration.ofMillis(100)),
                s.duration("limits.seed-flush-delay", Duration.ofMillis(20), ms),
                s.path("security.secret-file", "run/dispatcher.secret"),
                Set.copyOf(s.list("security.legacy-report-addresses")),
                s.bool("shutdown.stop-fleet", false),
                fleet,
                launch);
        if (fleet.heartbeatTimeout().compareTo(launch.heartbeatInterval()) <= 0) {
            s.error("fleet.heartbeat-timeout must be longer than launch.heartbeat-interval");
        }
        s.validate();
        return config;
    }

    /** The address battle servers connect back to: loopback when the dispatcher listens on every interface. */
    public String controlHost() {
        return List.of("0.0.0.0", "::", "").contains(listenHost) ? "127.0.0.1" : listenHost;
    }
}
