package gamegrid.fightserver;

import gamegrid.protocol.Fields;
import gamegrid.protocol.ProtocolException;
import gamegrid.protocol.config.Settings;
import gamegrid.protocol.link.Credentials;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Everything a battle server process is told at start; {@code config/fightserver.properties} explains each key.
 *
 * @param battle            the battle service itself
 * @param dispatcher        the dispatcher to register with, or null to run on its own
 * @param credential        what this server registers with, from the environment (never the command line, where ps
 *                          shows it): its own launch credential, or the world's secret when no dispatcher launched it
 * @param heartbeatInterval how often a quiet control link sends {@code ping}
 * @param memcached         the player store, for battles started from maps; null without
 * @param worldSecret       verifies players' tickets (with {@code memcached})
 * @param advertisedHost    the address players reach this server at, registered with the dispatcher; empty
 *                          for the dispatcher's own host (a server it launched)
 */
public record BattleServerConfig(BattleConfig battle, InetSocketAddress dispatcher, String credential, Duration heartbeatInterval,
                                InetSocketAddress memcached, String worldSecret, String advertisedHost) {

    /** Builds the configuration of a server that fights no battles from maps. */
    public static BattleServerConfig from(Settings s, String credential) {
        return from(s, credential, null);
    }

    /**
     * Builds the configuration, reporting every bad value at once.
     *
     * @param worldSecret verifies the tickets of players sent by map servers (with {@code memcached=HOST:PORT})
     */
    public static BattleServerConfig from(Settings s, String credential, String worldSecret) {
        String host = s.string("host", "127.0.0.1");
        String advertisedHost = s.string("advertised-host", "");
        int port = s.integer("port", 0, 0, 65_535);
        int maxPlayers = s.integer("max-players", 1000, 1, 1_000_000);
        Duration turnTimeout = s.duration("turn-timeout", Duration.ofSeconds(20), Duration.ofMillis(1));
        Duration forfeitGrace = s.duration("forfeit-grace", Duration.ofSeconds(30), Duration.ZERO);
        Duration idleTimeout = s.duration("idle-timeout", Duration.ofMinutes(2), Duration.ofMillis(1));
        int maxLineLength = s.integer("max-line-length", 256, BattleConfig.MIN_LINE_LENGTH, 1 << 20);
        long seed = s.integer("seed", 0, 0, Integer.MAX_VALUE);
        Duration heartbeat = s.duration("heartbeat-interval", Duration.ofSeconds(1), Duration.ofMillis(10));
        String memcachedText = s.string("memcached", "");
        InetSocketAddress memcached = null;
        if (!memcachedText.isEmpty()) {
            try {
                memcached = Fields.hostAndPort(memcachedText);
            } catch (ProtocolException e) {
                s.error("memcached=" + memcachedText + ": " + e.getMessage());
            }
            if (worldSecret == null || worldSecret.isBlank()) {
                s.error("with memcached (battles from maps), the world's secret must be in GAMEGRID_WORLD_SECRET");
            }
        }
        String dispatcherText = s.string("dispatcher", "");
        InetSocketAddress dispatcher = null;
        if (!dispatcherText.isEmpty()) {
            try {
                dispatcher = Fields.hostAndPort(dispatcherText);
            } catch (ProtocolException e) {
                s.error("dispatcher=" + dispatcherText + ": " + e.getMessage());
            }
            if (credential == null || credential.isBlank()) {
                s.error("with a dispatcher, a credential must be in the environment: " + Credentials.DESCRIPTION);
            }
            if (port == 0) {
                s.error("with a dispatcher, port must be fixed: it is how the dispatcher knows this server");
            }
        }
        if (idleTimeout.compareTo(turnTimeout) <= 0) {
            s.error("idle-timeout must be longer than turn-timeout, or waiting players are cut off mid-battle");
        }
        s.validate();
        return new BattleServerConfig(new BattleConfig(host, port, maxPlayers, turnTimeout, forfeitGrace,
                idleTimeout, maxLineLength, seed), dispatcher, credential, heartbeat, memcached,
                memcached == null ? null : worldSecret, advertisedHost);
    }
}
