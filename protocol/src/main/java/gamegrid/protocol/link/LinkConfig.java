package gamegrid.protocol.link;

import gamegrid.protocol.Fields;
import gamegrid.protocol.ProtocolException;
import gamegrid.protocol.config.Settings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How any kind of server reaches the dispatcher, read from the same keys by each: {@code dispatcher=HOST:PORT}
 * (none: the server runs on its own), {@code heartbeat-interval}, {@code advertised-host},
 * {@code orphan-timeout}, and the credential from the environment (never the command line, which ps shows).
 *
 * @param dispatcher        where to register, or null to run without a dispatcher
 * @param credential        the launch credential, else the world's secret (see {@link Credentials})
 * @param advertisedHost    the address players reach this server at; empty for the dispatcher's own host
 * @param heartbeatInterval how often a quiet link sends {@code ping}
 * @param orphanTimeout     how long an empty server may stay unregistered before it exits; zero: never
 */
public record LinkConfig(InetSocketAddress dispatcher, String credential, String advertisedHost, Duration heartbeatInterval,
                         Duration orphanTimeout) {

    /** Reads the link's keys, recording every problem in {@code s}; {@code port} is the server's (0: any). */
    public static LinkConfig from(Settings s, int port, Map<String, String> environment) {
        Duration heartbeat = s.duration("heartbeat-interval", Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMinutes(10));
        Duration orphan = s.duration("orphan-timeout", Duration.ofMinutes(10), Duration.ZERO, Duration.ofDays(7));
        String advertisedHost = s.string("advertised-host", "");
        String text = s.string("dispatcher", "");
        String credential = Credentials.fromEnvironment(environment);
        InetSocketAddress dispatcher = null;
        if (!text.isEmpty()) {
            try {
                dispatcher = Fields.hostAndPort(text);
            } catch (ProtocolException e) {
                s.error("dispatcher=" + text + ": " + e.getMessage());
            }
            if (credential == null || credential.isBlank()) {
                s.error("with a dispatcher, a credential must be in the environment: " + Credentials.DESCRIPTION);
            }
            if (port == 0) {
                s.error("with a dispatcher, port must be fixed: it is how the dispatcher knows this server");
            }
        }
        return new LinkConfig(dispatcher, credential, advertisedHost, heartbeat, orphan);
    }

    /** The link of a server of {@code kind} on {@code port} hosting {@code routes}; call only with a dispatcher. */
    public DispatcherLink open(String kind, int port, List<String> routes, DispatcherLink.Listener listener) {
        return new DispatcherLink(dispatcher.getHostString(), dispatcher.getPort(),
                new DispatcherLink.Identity(kind, advertisedHost, port, credential, routes), heartbeatInterval,
                orphanTimeout, listener);
    }
}
