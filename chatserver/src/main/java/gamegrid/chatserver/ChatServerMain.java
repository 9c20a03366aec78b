package gamegrid.chatserver;

import gamegrid.protocol.config.Settings;
import gamegrid.protocol.config.SettingsException;
import gamegrid.protocol.dispatch.Request;
import gamegrid.protocol.link.DispatcherLink;
import gamegrid.protocol.link.ServerExit;
import java.io.IOException;
import java.net.BindException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the chat server: {@code [--config=FILE] [--key=value ...]} with the keys of
 * {@code config/chatserver.properties}; the world's secret comes from {@code GAMEGRID_WORLD_SECRET}. With
 * {@code --dispatcher=HOST:PORT} it registers there as the {@code chat} kind once it listens, reports each
 * player as {@code add|PORT} / {@code del|PORT}, and on {@code DRAIN} sends its players away, saves and exits.
 */
public final class ChatServerMain {
    /** Exit status when the saved state cannot be read: better stopped than silently forgetting it. */
    public static final int EXIT_BAD_STATE = 5;

    private static final Logger log = LoggerFactory.getLogger(ChatServerMain.class);

    private ChatServerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (Settings.helpRequested(args, Settings.serverUsage("chat", "gamegrid.chatserver.ChatServerMain",
                "config/chatserver.properties", "protocol/CHAT.md"))) {
            return;
        }
        ChatServerConfig config;
        try {
            config = ChatServerConfig.from(Settings.fromCommandLine(args, null), System.getenv());
        } catch (SettingsException e) {
            e.problems().forEach(problem -> log.error("bad configuration: {}", problem));
            System.exit(ServerExit.BAD_CONFIG);
            return;
        }
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        DispatcherLink link = config.link().dispatcher() == null ? null : config.link().open(
                Request.CHAT, config.chat().port(), List.of(), new DispatcherLink.Listener() {
                    @Override
                    public void drain() {
                        log.info("the dispatcher asks the chat server to drain");
                        exit.complete(0);
                    }

                    @Override
                    public void refused(String reason) {
                        log.error("the dispatcher refused this chat server for good: {}", reason);
                        exit.complete(ServerExit.REFUSED);
                    }
                });
        ChatServer server = new ChatServer(config.chat(), config.worldSecret(), link == null ? PlayerListener.NONE : new PlayerListener() {
            @Override
            public void playerAdded() {
                link.playerArrived("");
            }

            @Override
            public void playerRemoved() {
                link.playerLeft("");
            }
        });
        try {
            server.start();
        } catch (BindException e) {
            log.error("port {} is taken: {}", config.chat().port(), e.getMessage());
            System.exit(ServerExit.PORT_TAKEN);
            return;
        } catch (IOException e) {
            log.error("cannot start: {}", e.toString());
            System.exit(EXIT_BAD_STATE);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, link), "chatserver-shutdown"));
        if (link != null) {
            link.start();
        }
        // The one deliberate stdout line: scripts and tests wait for it.
        System.out.println("READY chatserver " + config.chat().host() + ":" + server.port() + " pid=" + ProcessHandle.current().pid());
        int status = exit.join();
        stop(server, link);
        System.exit(status);
    }

    /** Sends the players away (draining), saves, and closes the link last so the del reports still go out. */
    private static void stop(ChatServer server, DispatcherLink link) {
        server.drain();
        server.stop();
        if (link != null) {
            link.stop();
        }
    }
}
