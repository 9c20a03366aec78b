package gamegrid.chatserver;

import gamegrid.protocol.config.Settings;
import gamegrid.protocol.config.SettingsException;
import gamegrid.protocol.ticket.TicketAuthority;
import java.io.IOException;
import java.net.BindException;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the chat server: {@code [--config=FILE] [--key=value ...]} with the keys of
 * {@code config/chatserver.properties}; the world's secret comes from {@code GAMEGRID_WORLD_SECRET}.
 */
public final class ChatServerMain {
    /** Exit status for a bad configuration. */
    public static final int EXIT_BAD_CONFIG = 2;
    /** Exit status when the port is taken, so the dispatcher's log tells it from a crash. */
    public static final int EXIT_PORT_TAKEN = 3;
    /** Exit status when the saved state cannot be read: better stopped than silently forgetting it. */
    public static final int EXIT_BAD_STATE = 4;

    private static final Logger log = LoggerFactory.getLogger(ChatServerMain.class);

    private ChatServerMain() {
    }

    public static void main(String[] args) throws Exception {
        ChatServerConfig config;
        try {
            config = ChatServerConfig.from(Settings.fromCommandLine(args, null), System.getenv(TicketAuthority.SECRET_ENV),
                    System.getenv(ChatServerConfig.CREDENTIAL_ENV));
        } catch (SettingsException e) {
            e.problems().forEach(problem -> log.error("bad configuration: {}", problem));
            System.exit(EXIT_BAD_CONFIG);
            return;
        }
        ChatServer server = new ChatServer(config.chat(), config.worldSecret(), PlayerListener.NONE);
        try {
            server.start();
        } catch (BindException e) {
            log.error("port {} is taken: {}", config.chat().port(), e.getMessage());
            System.exit(EXIT_PORT_TAKEN);
            return;
        } catch (IOException e) {
            log.error("cannot start: {}", e.toString());
            System.exit(EXIT_BAD_STATE);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }, "chatserver-shutdown"));
        // The one deliberate stdout line: scripts and tests wait for it.
        System.out.println("READY chatserver " + config.chat().host() + ":" + server.port() + " pid=" + ProcessHandle.current().pid());
        stopped.await();
    }
}
