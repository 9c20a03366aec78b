package gamegrid.mapserver;

import gamegrid.protocol.agones.AgonesLifecycle;
import gamegrid.protocol.chat.PresenceLink;
import gamegrid.protocol.config.Settings;
import gamegrid.protocol.config.SettingsException;
import gamegrid.protocol.dispatch.Request;
import gamegrid.protocol.link.DispatcherLink;
import gamegrid.protocol.link.ServerExit;
import gamegrid.protocol.map.tiles.MapCatalog;
import gamegrid.protocol.ticket.TicketAuthority;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one map server: {@code [--config=FILE] [--key=value ...]} with the keys of
 * {@code config/mapserver.properties}, {@code --maps=MAPID[,MAPID...]} among them. With
 * {@code --dispatcher=HOST:PORT} it registers there ({@code register|map|...}, one {@code add}/{@code del}
 * per player and map), resolves portals with {@code map|MAPID}, tells the chat server who is on which map,
 * and exits once drained; without, portals lead only to maps hosted here.
 */
public final class MapServerMain {
    private static final Logger log = LoggerFactory.getLogger(MapServerMain.class);
    private static final long CHAT_LOOKUP_MS = 5_000;
    /** How long a drained server waits for Agones to take its {@code Shutdown}. */
    private static final Duration AGONES_SHUTDOWN_LIMIT = Duration.ofSeconds(5);

    private MapServerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (Settings.helpRequested(args, Settings.serverUsage("map", "gamegrid.mapserver.MapServerMain",
                "config/mapserver.properties", "protocol/MAP.md"))) {
            return;
        }
        // Under Agones the GameServer's placement decides the port and the advertised address.
        Optional<AgonesLifecycle> agones = AgonesLifecycle.fromEnvironment(System.getenv(), Request.MAP);
        if (agones.isPresent()) {
            args = agones.get().placedArguments(args);
        }
        MapServerConfig config;
        MapCatalog catalog;
        try {
            config = MapServerConfig.from(Settings.fromCommandLine(args, null), System.getenv());
            catalog = MapCatalog.load(config.map().mapDir());
        } catch (SettingsException e) {
            e.problems().forEach(problem -> log.error("bad configuration: {}", problem));
            System.exit(ServerExit.BAD_CONFIG);
            return;
        } catch (IllegalArgumentException e) {
            log.error("bad maps: {}", e.getMessage());
            System.exit(ServerExit.BAD_CONFIG);
            return;
        }
        EventLoopGroup lookups = new NioEventLoopGroup(1, new DefaultThreadFactory("map-lookup"));
        DispatcherDirectory directory = config.link().dispatcher() == null ? null
                : new DispatcherDirectory(lookups, config.link().dispatcher(), config.lookupTimeout());
        CompletableFuture<Void> finished = new CompletableFuture<>();
        CompletableFuture<String> refused = new CompletableFuture<>();
        MapServer[] server = new MapServer[1];
        DispatcherLink link = directory == null ? null : config.link().open(
                Request.MAP, config.map().port(), config.map().maps(), new DispatcherLink.Listener() {
                    @Override
                    public void drain() {
                        server[0].drain().whenComplete((ok, error) -> finished.complete(null));
                    }

                    @Override
                    public void refused(String reason) {
                        refused.complete(reason);
                        finished.complete(null);
                    }

                    @Override
                    public CompletionStage<Void> allocate() {
                        return agones.map(AgonesLifecycle::allocate).orElse(CompletableFuture.completedFuture(null));
                    }
                });
        PresenceLink presence = presenceLink(config, directory);
        try {
            server[0] = new MapServer(config.map(), catalog, new TicketAuthority(config.worldSecret()), directory,
                    new Reports(link, presence));
            server[0].start();
        } catch (IllegalArgumentException e) {
            log.error("bad configuration: {}", e.getMessage());
            System.exit(ServerExit.BAD_CONFIG);
            return;
        } catch (Exception e) {
            if (e instanceof BindException) {
                log.error("port {} is taken: {}", config.map().port(), e.getMessage());
                System.exit(ServerExit.PORT_TAKEN);
            }
            throw e;
        }
        Runnable stop = () -> {
            server[0].stop();
            if (link != null) {
                link.stop(); // after the server, so the del reports of closing connections still go out
            }
            if (presence != null) {
                presence.stop();
            }
            lookups.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "mapserver-shutdown"));
        agones.ifPresent(a -> a.listening(config.link().heartbeatInterval()));
        if (link != null) {
            link.start();
        }
        // The one deliberate stdout line: scripts and tests wait for it.
        System.out.println("READY mapserver " + config.map().host() + ":" + server[0].port() + " maps=" + String.join(",", config.map().maps()));
        finished.join();
        // Drained or refused for good: Agones deletes the GameServer instead of restarting the container.
        agones.ifPresent(a -> a.shutdown(AGONES_SHUTDOWN_LIMIT));
        if (refused.isDone()) {
            log.error("the dispatcher refused this map server for good, exiting port={}: {}", server[0].port(), refused.join());
            System.exit(ServerExit.REFUSED);
        }
        log.info("drained, exiting port={}", server[0].port());
        System.exit(0); // the shutdown hook stops everything
    }

    /** The presence link to the chat server named in the settings, or the one the dispatcher knows; null if none. */
    private static PresenceLink presenceLink(MapServerConfig config, DispatcherDirectory directory) {
        InetSocketAddress chat = config.chat();
        if (chat == null && directory != null) {
            try {
                // Asked before players are let in, so the link knows every one of them; briefly, as startup waits on it.
                chat = directory.chat().get(Math.min(config.lookupTimeout().toMillis(), CHAT_LOOKUP_MS), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                log.info("no chat server to tell who is on the maps: {}", e.getMessage());
            }
        }
        if (chat == null) {
            return null;
        }
        PresenceLink link = new PresenceLink(chat.getHostString(), chat.getPort(), config.worldSecret());
        link.start();
        log.info("telling chat server {}:{} who is on the maps", chat.getHostString(), chat.getPort());
        return link;
    }

    /** Tells the dispatcher (seats per map) and the chat server (presence) of every arrival and departure. */
    private record Reports(DispatcherLink link, PresenceLink presence) implements PlayerListener {
        @Override
        public void entered(String name, String map) {
            if (link != null) {
                link.playerArrived(map);
            }
            if (presence != null) {
                presence.enter(name, map);
            }
        }

        @Override
        public void left(String name, String map) {
            if (link != null) {
                link.playerLeft(map);
            }
            if (presence != null) {
                presence.exit(name, map);
            }
        }
    }
}
