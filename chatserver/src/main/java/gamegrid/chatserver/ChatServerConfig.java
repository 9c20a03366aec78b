package gamegrid.chatserver;

import gamegrid.protocol.Fields;
import gamegrid.protocol.ProtocolException;
import gamegrid.protocol.config.Settings;
import gamegrid.protocol.link.Credentials;
import gamegrid.protocol.ticket.TicketAuthority;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Everything a chat server process is told at start; {@code config/chatserver.properties} explains each key.
 *
 * @param chat              the chat service itself
 * @param worldSecret       verifies player tickets and server proofs; from the environment, never the command line
 * @param dispatcher        the dispatcher to register with, or null to run on its own
 * @param credential        what it registers with: its launch credential, else the world's secret (see {@link Credentials})
 * @param heartbeatInterval how often a quiet control link sends {@code ping}
 */
public record ChatServerConfig(ChatSettings chat, String worldSecret, InetSocketAddress dispatcher, String credential,
                               Duration heartbeatInterval) {
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
                s.error("with a dispatcher, a credential must be in " + Credentials.DESCRIPTION);
            }
            if (chat.port() == 0) {
                s.error("with a dispatcher, port must be fixed: it is how the dispatcher knows this server");
            }
        }
        s.validate();
        return new ChatServerConfig(chat, worldSecret, dispatcher, credential, heartbeat);
    }
}
