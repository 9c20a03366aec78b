package gamegrid.mapserver;

import gamegrid.protocol.Fields;
import gamegrid.protocol.ProtocolException;
import gamegrid.protocol.config.Settings;
import gamegrid.protocol.link.LinkConfig;
import gamegrid.protocol.metrics.MetricsServer;
import gamegrid.protocol.ticket.TicketAuthority;
import gamegrid.protocol.map.MapCodec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything a map server process is told at start; {@code config/mapserver.properties} explains each key.
 *
 * @param map               the map service itself
 * @param worldSecret       verifies tickets (from {@code GAMEGRID_WORLD_SECRET}, else from {@code secret-file})
 * @param chat              the chat server for the presence link; null: ask the dispatcher {@code chat}, if any
 * @param link              how it reaches the dispatcher, which it also asks {@code map|MAPID} (none: it runs on its own)
 * @param lookupTimeout     how long a {@code map|MAPID} may take, a map server start included
 */
public record MapServerConfig(MapSettings map, String worldSecret, Duration lookupTimeout, InetSocketAddress chat,
                              LinkConfig link) {

    /** Builds the configuration, reporting every bad value at once. */
    public static MapServerConfig from(Settings s, Map<String, String> environment) {
        String host = s.string("host", "127.0.0.1");
        int port = s.integer("port", 0, 0, 65_535);
        List<String> maps = s.list("maps");
        Path mapDir = s.path("map-dir", "config/maps");
        String startMap = s.string("start-map", "town");
        int maxPlayers = s.integer("max-players", 500, 1, 1_000_000);
        int viewRadius = s.integer("view-radius", 5, 1, 100);
        Duration moveInterval = s.duration("move-interval", Duration.ofMillis(100), Duration.ZERO);
        int encounterPercent = s.integer("encounter-percent", 20, 0, 100);
        Duration battleDeadline = s.duration("battle-deadline", Duration.ofMinutes(10), Duration.ofMillis(1));
        Duration idleTimeout = s.duration("idle-timeout", Duration.ofMinutes(2), Duration.ofMillis(1));
        int maxLineLength = s.integer("max-line-length", 512, 256, 1 << 16);
        String memcachedText = s.string("memcached", "127.0.0.1:11211");
        Duration storeTimeout = s.duration("store-timeout", Duration.ofSeconds(2), Duration.ofMillis(1));
        long seed = s.integer("seed", 0, 0, Integer.MAX_VALUE);
        int metricsPort = MetricsServer.port(s, port);
        Duration lookupTimeout = s.duration("lookup-timeout", Duration.ofSeconds(30), Duration.ofMillis(1));
        String secretFile = s.string("secret-file", "");
        String chatText = s.string("chat", "");
        InetSocketAddress chat = chatText.isEmpty() ? null : address(s, "chat", chatText);
        InetSocketAddress memcached = address(s, "memcached", memcachedText);
        LinkConfig link = LinkConfig.from(s, port, environment);
        if (maps.isEmpty()) {
            s.error("maps: name at least one map to host, e.g. --maps=town");
        }
        maps.stream().filter(m -> !MapCodec.MAP_ID.matcher(m).matches()).forEach(m -> s.error("maps: bad map id " + m));
        String secret = environment.get(TicketAuthority.SECRET_ENV);
        if ((secret == null || secret.isBlank()) && !secretFile.isEmpty()) {
            try {
                secret = Files.readString(Path.of(secretFile)).strip();
            } catch (IOException e) {
                s.error("secret-file=" + secretFile + ": " + e.getMessage());
            }
        }
        if (secret == null || secret.isBlank()) {
            s.error("the world's secret must be in GAMEGRID_WORLD_SECRET or in the file named by secret-file");
        }
        s.validate();
        MapSettings settings = new MapSettings(host, port, maps, mapDir, startMap, maxPlayers, viewRadius, moveInterval,
                encounterPercent, battleDeadline, idleTimeout, maxLineLength, memcached, storeTimeout, seed, metricsPort);
        return new MapServerConfig(settings, secret, lookupTimeout, chat, link);
    }

    private static InetSocketAddress address(Settings s, String key, String text) {
        try {
            return Fields.hostAndPort(text);
        } catch (ProtocolException e) {
            s.error(key + "=" + text + ": " + e.getMessage());
            return null;
        }
    }
}
