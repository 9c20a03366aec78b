package gamegrid.fightserver;

import gamegrid.protocol.agones.AgonesLifecycle;
import gamegrid.protocol.config.Settings;
import gamegrid.protocol.dispatch.Request;
import gamegrid.protocol.link.DispatcherLink;
import gamegrid.protocol.config.SettingsException;
import gamegrid.protocol.ticket.TicketAuthority;
import java.net.BindException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one battle server: {@code [--config=FILE] [--key=value ...]} with the keys of
 * {@code config/fightserver.properties}. With {@code --dispatcher=HOST:PORT} it registers there once it
 * listens (which is what makes the dispatcher hand its port out), reports its seats, and exits when
 * drained; without, it runs on its own. Under Agones ({@code AGONES_SDK_HTTP_PORT} set) it also speaks the
 * Agones SDK: placement, Ready, Health, Allocate when the dispatcher asks, Shutdown after a drain.
 */
public final class BattleServerMain {
    /** Exit status for a bad configuration. */
    public static final int EXIT_BAD_CONFIG = 2;
    /** Exit status when the port is taken, so the dispatcher's log tells it from a crash. */
    public static final int EXIT_PORT_TAKEN = 3;
    /** Exit status when the dispatcher refuses this server for good (an unknown credential: its fleet is gone). */
    public static final int EXIT_REFUSED = 4;

    /** How long a drained server waits for Agones to take its {@code Shutdown}. */
    private static final Duration SHUTDOWN_LIMIT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(BattleServerMain.class);

    private BattleServerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (Settings.helpRequested(args, Settings.serverUsage("battle", "gamegrid.fightserver.BattleServerMain",
                "config/fightserver.properties", "protocol/BATTLE.md"))) {
            return;
        }
        // Under Agones the GameServer's placement decides the port and the advertised address.
        Optional<AgonesLifecycle> agones = AgonesLifecycle.fromEnvironment(System.getenv(), Request.BATTLE);
        if (agones.isPresent()) {
            args = agones.get().placedArguments(args);
        }
        BattleServerConfig config;
        try {
            config = BattleServerConfig.from(Settings.fromCommandLine(args, null), System.getenv());
        } catch (SettingsException e) {
            e.problems().forEach(problem -> log.error("bad configuration: {}", problem));
            System.exit(EXIT_BAD_CONFIG);
            return;
        }
        CompletableFuture<Void> drained = new CompletableFuture<>();
        CompletableFuture<String> refused = new CompletableFuture<>();
        // The server is built before the link and tells it of seats; the link's DRAIN drains the server.
        BattleServer[] server = new BattleServer[1];
        DispatcherLink link = config.link().dispatcher() == null ? null : config.link().open(
                Request.BATTLE, config.battle().port(), List.of(), new DispatcherLink.Listener() {
                    @Override
                    public void drain() {
                        server[0].drain().whenComplete((ok, error) -> drained.complete(null));
                    }

                    @Override
                    public void refused(String reason) {
                        refused.complete(reason);
                        drained.complete(null);
                    }

                    @Override
                    public CompletionStage<Void> allocate() {
                        return agones.map(AgonesLifecycle::allocate).orElse(CompletableFuture.completedFuture(null));
                    }
                });
        server[0] = new BattleServer(config.battle(), link == null ? SeatListener.NONE : new SeatListener() {
            @Override
            public void seatTaken() {
                link.playerArrived("");
            }

            @Override
            public void seatReleased() {
                link.playerLeft("");
            }
        }, config.memcached(), config.worldSecret() == null ? null : new TicketAuthority(config.worldSecret()));
        try {
            server[0].start();
        } catch (Exception e) {
            if (e instanceof BindException) {
                log.error("port {} is taken: {}", config.battle().port(), e.getMessage());
                System.exit(EXIT_PORT_TAKEN);
            }
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server[0], link), "battleserver-shutdown"));
        agones.ifPresent(a -> a.listening(config.link().heartbeatInterval()));
        if (link != null) {
            link.start();
        }
        // The one deliberate stdout line: scripts wait for it.
        System.out.println("READY fightserver " + config.battle().host() + ":" + server[0].port());
        drained.join();
        // Drained or refused for good: Agones deletes the GameServer instead of restarting the container.
        agones.ifPresent(a -> a.shutdown(SHUTDOWN_LIMIT));
        if (refused.isDone()) {
            log.error("the dispatcher refused this battle server for good, exiting port={}: {}", server[0].port(), refused.join());
            stop(server[0], link);
            System.exit(EXIT_REFUSED);
        }
        log.info("drained, exiting port={}", server[0].port());
        stop(server[0], link);
    }

    private static void stop(BattleServer server, DispatcherLink link) {
        server.stop();
        if (link != null) {
            link.stop(); // after the server, so the del reports of closing connections still go out
        }
    }
}
