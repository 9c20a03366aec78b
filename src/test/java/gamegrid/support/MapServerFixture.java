package gamegrid.support;

import gamegrid.mapserver.MapDirectory;
import gamegrid.mapserver.MapServer;
import gamegrid.mapserver.MapServerConfig;
import gamegrid.mapserver.PlayerListener;
import gamegrid.protocol.map.tiles.MapCatalog;
import gamegrid.protocol.config.Settings;
import gamegrid.protocol.ticket.TicketAuthority;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * An in-process map server on a free port, reading the real maps in {@code config/maps} and storing in the
 * test's own memcached; settings are the defaults of {@link MapServerConfig} with test overrides
 * ({@code key, value, ...}) on top. No speed limit and no encounters unless a test asks for them.
 */
public final class MapServerFixture implements AutoCloseable {
    public static final TicketAuthority TICKETS = new TicketAuthority(MapServerProcess.SECRET);

    private final MapServer server;

    private MapServerFixture(MapServer server) {
        this.server = server;
    }

    public static MapServerFixture start(MemcachedProcess memcached, MapDirectory directory, String... overrides) throws Exception {
        Map<String, String> values = new HashMap<>(Map.of("maps", "town,forest,cave,lake", "move-interval", "0ms",
                "encounter-percent", "0", "memcached", memcached.address(), "store-timeout", "2s"));
        for (int i = 0; i + 1 < overrides.length; i += 2) {
            values.put(overrides[i], overrides[i + 1]);
        }
        MapServerConfig config = MapServerConfig.from(Settings.read(Reader.nullReader(), values),
                java.util.Map.of(gamegrid.protocol.ticket.TicketAuthority.SECRET_ENV, MapServerProcess.SECRET));
        MapServer server = new MapServer(config.map(), MapCatalog.load(Path.of("config/maps")), TICKETS, directory,
                PlayerListener.NONE);
        server.start();
        return new MapServerFixture(server);
    }

    /** A valid ticket for {@code name}. */
    public static String ticket(String name) {
        return TICKETS.mint(name, Instant.now(), Duration.ofMinutes(10)).token();
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() throws IOException {
        server.stop();
    }
}
