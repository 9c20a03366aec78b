package gamegrid.mapserver;

import gamegrid.protocol.ConnectionLimiter;
import gamegrid.protocol.LineDeadlineHandler;
import gamegrid.protocol.LineFraming;
import gamegrid.protocol.map.MapServerCodec;
import gamegrid.protocol.ticket.TicketAuthority;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The map server's whole pipeline, in order. */
final class MapServerInitializer extends ChannelInitializer<Channel> {
    static final String CONNECTION_LIMIT = "connectionLimit";
    static final String IDLE_STATE = "idleState";
    static final String LINE_DEADLINE = "lineDeadline";
    static final String MAP_CODEC = "mapCodec";
    static final String HANDLER = "mapHandler";
    /** Connections beyond the players, so that refusals can still be said. */
    static final int SPARE_CONNECTIONS = 256;
    static final Duration LINE_DEADLINE_LIMIT = Duration.ofSeconds(10);

    private final MapSettings settings;
    private final World world;
    private final TicketAuthority tickets;
    private final ChannelGroup channels;
    private final ConnectionLimiter connectionLimiter;

    MapServerInitializer(MapSettings settings, World world, TicketAuthority tickets, ChannelGroup channels) {
        this.settings = settings;
        this.world = world;
        this.tickets = tickets;
        this.channels = channels;
        this.connectionLimiter = new ConnectionLimiter(settings.maxPlayers() * settings.maps().size() + SPARE_CONNECTIONS);
    }

    @Override
    protected void initChannel(Channel ch) {
        channels.add(ch);
        ChannelPipeline pipeline = ch.pipeline();
        pipeline.addLast(CONNECTION_LIMIT, connectionLimiter);
        pipeline.addLast(IDLE_STATE, new IdleStateHandler(settings.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        Duration lineDeadline = settings.idleTimeout().compareTo(LINE_DEADLINE_LIMIT) < 0 ? settings.idleTimeout() : LINE_DEADLINE_LIMIT;
        pipeline.addLast(LINE_DEADLINE, new LineDeadlineHandler(lineDeadline));
        LineFraming.addTo(pipeline, settings.maxLineLength());
        pipeline.addLast(MAP_CODEC, MapServerCodec.INSTANCE);
        pipeline.addLast(HANDLER, new MapServerHandler(world, tickets, Clock.systemUTC()));
    }
}
