package gamegrid.chatserver;

import gamegrid.protocol.config.Settings;
import gamegrid.protocol.link.LinkConfig;
import gamegrid.protocol.ticket.TicketAuthority;
import java.util.Map;

/**
 * Everything a chat server process is told at start; {@code config/chatserver.properties} explains each key.
 *
 * @param chat        the chat service itself
 * @param worldSecret verifies player tickets and server proofs; from the environment, never the command line
 * @param link        how it reaches the dispatcher (none: it runs on its own)
 */
public record ChatServerConfig(ChatSettings chat, String worldSecret, LinkConfig link) {
    /** Builds the configuration, reporting every bad value at once; secrets come from {@code environment}. */
    public static ChatServerConfig from(Settings s, Map<String, String> environment) {
        ChatSettings chat = ChatSettings.from(s);
        String worldSecret = environment.get(TicketAuthority.SECRET_ENV);
        if (worldSecret == null || worldSecret.isEmpty()) {
            s.error("the world's secret must be in the environment variable " + TicketAuthority.SECRET_ENV);
        }
        LinkConfig link = LinkConfig.from(s, chat.port(), environment);
        s.validate();
        return new ChatServerConfig(chat, worldSecret, link);
    }
}
