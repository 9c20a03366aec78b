package gamegrid.mapserver;

import gamegrid.protocol.map.tiles.MapCatalog;
import gamegrid.protocol.config.Settings;
import gamegrid.protocol.config.SettingsException;
import gamegrid.protocol.ticket.TicketAuthority;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.BindException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one map server: {@code [--config=FILE] [--key=value ...]} with the keys of
 * {@code config/mapserver.properties}, {@code --maps=MAPID[,MAPID...]} among them. With
 * {@code --dispatcher=HOST:PORT} portals are resolved there; without, portals lead only to maps hosted here.
 */
public final class MapServerMain {
    public static final int EXIT_BAD_CONFIG = 2;
    public static final int EXIT_PORT_TAKEN = 3;
    /** The environment variable that carries this launch's registration credential. */
    public static final String CREDENTIAL_ENV = "GAMEGRID_SERVER_CREDENTIAL";

    private static final Logger log = LoggerFactory.getLogger(MapServerMain.class);

    private MapServerMain() {
    }

    public static void main(String[] args) throws Exception {
        MapServerConfig config;
        MapCatalog catalog;
        try {
            config = MapServerConfig.from(Settings.fromCommandLine(args, null),
                    System.getenv(TicketAuthority.SECRET_ENV), System.getenv(CREDENTIAL_ENV));
            catalog = MapCatalog.load(config.map().mapDir());
        } catch (SettingsException e) {
            e.problems().forEach(problem -> log.error("bad configuration: {}", problem));
            System.exit(EXIT_BAD_CONFIG);
            return;
        } catch (IllegalArgumentException e) {
            log.error("bad maps: {}", e.getMessage());
            System.exit(EXIT_BAD_CONFIG);
            return;
        }
        EventLoopGroup lookups = new NioEventLoopGroup(1, new DefaultThreadFactory("map-lookup"));
        MapDirectory directory = config.dispatcher() == null ? null
                : new DispatcherDirectory(lookups, config.dispatcher(), config.lookupTimeout());
        MapServer server;
        try {
            server = new MapServer(config.map(), catalog, new TicketAuthority(config.worldSecret()), directory, PlayerListener.NONE);
            server.start();
        } catch (IllegalArgumentException e) {
            log.error("bad configuration: {}", e.getMessage());
            System.exit(EXIT_BAD_CONFIG);
            return;
        } catch (Exception e) {
            if (e instanceof BindException) {
                log.error("port {} is taken: {}", config.map().port(), e.getMessage());
                System.exit(EXIT_PORT_TAKEN);
            }
            throw e;
        }
        CompletableFuture<Void> finished = new CompletableFuture<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            lookups.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }, "mapserver-shutdown"));
        // The one deliberate stdout line: scripts and tests wait for it.
        System.out.println("READY mapserver " + config.map().host() + ":" + server.port() + " maps=" + String.join(",", config.map().maps()));
        finished.join();
    }
}
