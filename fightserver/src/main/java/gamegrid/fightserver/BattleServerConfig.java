package gamegrid.fightserver;

import gamegrid.protocol.Fields;
import gamegrid.protocol.ProtocolException;
import gamegrid.protocol.config.Settings;
import gamegrid.protocol.link.LinkConfig;
import gamegrid.protocol.ticket.TicketAuthority;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;

/**
 * Everything a battle server process is told at start; {@code config/fightserver.properties} explains each key.
 *
 * @param battle      the battle service itself
 * @param link        how it reaches the dispatcher (none: it runs on its own)
 * @param memcached   the player store, for battles started from maps; null without
 * @param worldSecret verifies players' tickets (with {@code memcached})
 */
public record BattleServerConfig(BattleConfig battle, LinkConfig link, InetSocketAddress memcached, String worldSecret) {

    /**
     * Builds the configuration, reporting every bad value at once; the credential and the world's secret come
     * from {@code environment}.
     */
    public static BattleServerConfig from(Settings s, Map<String, String> environment) {
        String host = s.string("host", "127.0.0.1");
        int port = s.integer("port", 0, 0, 65_535);
        String worldSecret = environment.get(TicketAuthority.SECRET_ENV);
        int maxPlayers = s.integer("max-players", 1000, 1, 1_000_000);
        Duration turnTimeout = s.duration("turn-timeout", Duration.ofSeconds(20), Duration.ofMillis(1));
        Duration forfeitGrace = s.duration("forfeit-grace", Duration.ofSeconds(30), Duration.ZERO);
        Duration idleTimeout = s.duration("idle-timeout", Duration.ofMinutes(2), Duration.ofMillis(1));
        int maxLineLength = s.integer("max-line-length", 256, BattleConfig.MIN_LINE_LENGTH, 1 << 20);
        long seed = s.integer("seed", 0, 0, Integer.MAX_VALUE);
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
        LinkConfig link = LinkConfig.from(s, port, environment);
        if (idleTimeout.compareTo(turnTimeout) <= 0) {
            s.error("idle-timeout must be longer than turn-timeout, or waiting players are cut off mid-battle");
        }
        s.validate();
        return new BattleServerConfig(new BattleConfig(host, port, maxPlayers, turnTimeout, forfeitGrace,
                idleTimeout, maxLineLength, seed), link, memcached, memcached == null ? null : worldSecret);
    }
}
