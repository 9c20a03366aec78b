package gamegrid.dispatcher;

import gamegrid.dispatcher.admin.AdminConfig;
import gamegrid.dispatcher.fleet.FleetConfig;
import gamegrid.dispatcher.fleet.KindConfig;
import gamegrid.dispatcher.fleet.LaunchConfig;
import gamegrid.protocol.config.Settings;
import gamegrid.protocol.dispatch.Request;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the dispatcher daemon is told at start; {@code config/dispatcher.properties} explains each key.
 *
 * @param listenHost            address the dispatcher binds
 * @param listenPort            port the dispatcher binds (0: any, for tests)
 * @param advertisedHost        host written in {@code get} replies
 * @param ioThreads             event-loop threads serving connections
 * @param limits                what one connection or address may take: lines, connections, seats, time
 * @param secretFile            where the world's secret is kept (tickets; servers the dispatcher did not launch)
 * @param legacyReportAddresses addresses allowed to send unauthenticated one-shot {@code add}/{@code del}
 * @param stopFleetOnExit       whether stopping the dispatcher drains and stops its battle servers too
 * @param fleet                 one pool per kind of server, and the rules they share
 * @param launch                how server processes are started
 * @param admin                 the admin HTTP port (metrics, status page, operator actions)
 */
public record DispatcherConfig(
        String listenHost,
        int listenPort,
        String advertisedHost,
        int ioThreads,
        ClientLimits limits,
        Path secretFile,
        Set<String> legacyReportAddresses,
        boolean stopFleetOnExit,
        FleetConfig fleet,
        LaunchConfig launch,
        AdminConfig admin) {

    public DispatcherConfig {
        legacyReportAddresses = Set.copyOf(legacyReportAddresses);
    }

    /** Builds the configuration from settings, reporting every bad value at once. */
    public static DispatcherConfig from(Settings s) {
        String listenHost = s.address("listen.host", "127.0.0.1");
        int listenPort = s.integer("listen.port", 6000, 0, 65_535);
        List<KindConfig> kinds = new ArrayList<>();
        // Battle servers keep the section they always had; map and chat servers have their own.
        kinds.add(kind(s, "fleet", Request.BATTLE, BATTLE_MAIN, 1000, 7000, 1, 16, 1, -1, List.of()));
        List<String> maps = s.list("map.maps");
        for (String map : maps) {
            if (!Request.ROUTE.matcher(map).matches()) {
                s.error("map.maps: bad map id " + map + " (letters, digits, _ and -, at most 32)");
            }
        }
        // Each section is read even when unused, so that its keys are checked all the same.
        KindConfig mapKind = kind(s, "map", Request.MAP, MAP_MAIN, 200, 8000, 0, 32, 0, 0, maps.isEmpty() ? List.of("-") : maps);
        if (!maps.isEmpty()) {
            kinds.add(mapKind);
        }
        KindConfig chatKind = kind(s, "chat", Request.CHAT, CHAT_MAIN, 100_000, 6100, 1, 1, 0, 0, List.of());
        if (s.bool("chat.enabled", false)) {
            kinds.add(chatKind);
        }
        FleetConfig fleet = new FleetConfig(kinds,
                s.duration("fleet.adopt-window", Duration.ofMillis(1500), Duration.ZERO, TEN_MINUTES),
                s.duration("fleet.backoff-first", Duration.ofMillis(100), Duration.ofMillis(10), TEN_MINUTES),
                s.duration("fleet.backoff-last", Duration.ofSeconds(30), Duration.ofMillis(10), Duration.ofHours(1)),
                s.path("fleet.roster-file", "run/fleet.roster"));
        Map<String, String> mainClasses = new HashMap<>();
        kinds.forEach(k -> mainClasses.put(k.kind(), k.mainClass()));
        LaunchConfig launch = new LaunchConfig(
                s.string("launch.java", Path.of(System.getProperty("java.home"), "bin", "java").toString()),
                s.list("launch.jvm-options"),
                s.string("launch.class-path", System.getProperty("java.class.path")),
                s.string("launch.host", "127.0.0.1"),
                s.duration("launch.heartbeat-interval", Duration.ofSeconds(1), Duration.ofMillis(50), TEN_MINUTES),
                s.path("launch.log-dir", "logs"),
                mainClasses);
        launch.problems().forEach(s::error);
        Path secretFile = s.path("security.secret-file", "run/dispatcher.secret");
        SecretFile.problem(secretFile).ifPresent(problem -> s.error("security.secret-file=" + secretFile + ": " + problem));
        DispatcherConfig config = new DispatcherConfig(
                listenHost,
                listenPort,
                s.hostName("listen.advertised-host", "127.0.0.1"),
                s.integer("listen.io-threads", Runtime.getRuntime().availableProcessors(), 1, 256),
                ClientLimits.from(s),
                secretFile,
                Set.copyOf(s.ipAddresses("security.legacy-report-addresses")),
                s.bool("shutdown.stop-fleet", false),
                fleet,
                launch,
                new AdminConfig(s.bool("admin.enabled", true), s.string("admin.host", "127.0.0.1"),
                        s.integer("admin.port", 6080, 0, 65_535)));
        for (KindConfig kind : kinds) {
            if (kind.heartbeatTimeout().compareTo(launch.heartbeatInterval()) <= 0) {
                s.error(section(kind) + ".heartbeat-timeout must be longer than launch.heartbeat-interval");
            }
        }
        s.validate();
        return config;
    }

    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);
    private static final String BATTLE_MAIN = "gamegrid.fightserver.BattleServerMain";
    private static final String MAP_MAIN = "gamegrid.mapserver.MapServerMain";
    private static final String CHAT_MAIN = "gamegrid.chatserver.ChatServerMain";

    private static String section(KindConfig kind) {
        return kind.kind().equals(Request.BATTLE) ? "fleet" : kind.kind();
    }

    /** One kind's section: {@code PREFIX.max-players}, {@code PREFIX.first-port}, ... ({@code -1} high water: a fifth of a server). */
    private static KindConfig kind(Settings s, String prefix, String kind, String mainClass, int maxPlayers, int firstPort,
                                     int minServers, int maxServers, int warmSpares, int highWater, List<String> routes) {
        int players = s.integer(prefix + ".max-players", maxPlayers, 1, 1_000_000);
        int min = s.integer(prefix + ".min-servers", minServers, 0, 1000);
        int max = s.integer(prefix + ".max-servers", maxServers, 1, 1000);
        if (min > max) {
            s.error(prefix + ".min-servers=" + min + " is above " + prefix + ".max-servers=" + max);
        }
        return new KindConfig(kind, mainClass, players,
                s.integer(prefix + ".first-port", firstPort, 1, 65_535),
                Math.min(min, max),
                max,
                s.integer(prefix + ".warm-spares", warmSpares, 0, 1000),
                s.integer(prefix + ".spare-high-water", highWater < 0 ? players / 5 : highWater, 0, Integer.MAX_VALUE),
                // Capped: a reservation timeout sizes a ring of one slot per tick for every server.
                s.duration(prefix + ".reservation-timeout", Duration.ofSeconds(10), Duration.ofMillis(100), TEN_MINUTES),
                s.duration(prefix + ".start-timeout", Duration.ofSeconds(15), Duration.ofMillis(100), TEN_MINUTES),
                s.duration(prefix + ".idle-timeout", Duration.ofMinutes(2), Duration.ofMillis(100), Duration.ofDays(1)),
                s.duration(prefix + ".heartbeat-timeout", Duration.ofSeconds(5), Duration.ofMillis(100), TEN_MINUTES),
                s.duration(prefix + ".drain-timeout", Duration.ofMinutes(10), Duration.ofMillis(100), Duration.ofDays(1)),
                routes,
                routes.isEmpty() ? 1 : s.integer(prefix + ".maps-per-server", 1, 1, 1000),
                s.list(prefix + ".options"),
                s.list(prefix + ".jvm-options"),
                s.bool(prefix + ".launch-local", true));
    }

    /** The longest reservation timeout of any kind: the window seat quotas count over. */
    public Duration longestReservation() {
        return fleet.kinds().stream().map(KindConfig::reservationTimeout).max(Duration::compareTo).orElse(Duration.ofSeconds(10));
    }

    /** The address battle servers connect back to: loopback when the dispatcher listens on every interface. */
    public String controlHost() {
        return List.of("0.0.0.0", "::", "").contains(listenHost) ? "127.0.0.1" : listenHost;
    }
}
