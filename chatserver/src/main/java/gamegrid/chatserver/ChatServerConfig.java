package gamegrid.chatserver;

import gamegrid.protocol.Fields;
import gamegrid.protocol.ProtocolException;
import gamegrid.protocol.config.Settings;
import gamegrid.protocol.ticket.TicketAuthority;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Everything a chat server process is told at start; {@code config/chatserver.properties} explains each key.
 *
 * @param chat              the chat service itself
 * @param worldSecret       verifies player tickets and server proofs; from the environment, never the command line
 * @param dispatcher        the dispatcher to register with, or null to run on its own
 * @param credential        this launch's registration credential, from the environment
 * @param heartbeatInterval how often a quiet control link sends {@code ping}
 */
public record ChatServerConfig(ChatSettings chat, String worldSecret, InetSocketAddress dispatcher, String credential,
                               Duration heartbeatInterval) {
    /** The environment variable that carries this launch's registration credential. */
    public static final String CREDENTIAL_ENV = "GAMEGRID_SERVER_CREDENTIAL";

    /** Builds the configuration, reporting every bad value at once. */
    public static ChatServerConfig from(Settings s, String worldSecret, String credential) {
        ChatSettings chat = ChatSettings.from(s);
        Duration heartbeat = s.duration("heartbeat-interval", Duration.ofSeconds(1), Duration.ofMillis(10));
        String dispatcherText = s.string("dispatcher", "");
        InetSocketAddress dispatcher = null;
        if (worldSecret == null || worldSecret.isEmpty()) {
            s.error("the world's secret must be in the environment variable " + TicketAuthority.SECRET_ENV);
        }
        if (!dispatcherText.isEmpty()) {
            try {
                dispatcher = Fields.hostAndPort(dispatcherText);
            } catch (ProtocolException e) {
                s.error("dispatcher=" + dispatcherText + ": " + e.getMessage());
            }
            if (credential == null || credential.isBlank()) {
                s.error("with a dispatcher, the credential must be in the environment variable " + CREDENTIAL_ENV);
            }
            if (chat.port() == 0) {
                s.error("with a dispatcher, port must be fixed: it is how the dispatcher knows this server");
            }
        }
        s.validate();
        return new ChatServerConfig(chat, worldSecret, dispatcher, credential, heartbeat);
    }
}
