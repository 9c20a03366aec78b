package gamegrid.fightserver;

import gamegrid.protocol.ConnectionLimiter;
import gamegrid.protocol.LineDeadlineHandler;
import gamegrid.protocol.LineFraming;
import gamegrid.protocol.OutboundLimit;
import gamegrid.protocol.battle.BattleServerCodec;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The battle server's whole pipeline, in order. */
final class BattleServerInitializer extends ChannelInitializer<Channel> {
    static final String CONNECTION_LIMIT = "connectionLimit";
    static final String OUTBOUND_LIMIT = "outboundLimit";
    /** Events a player lets pile up unread past this close its connection (reading pauses far below it). */
    static final int MAX_UNSENT_BYTES = 256 * 1024;
    static final String IDLE_STATE = "idleState";
    static final String LINE_DEADLINE = "lineDeadline";
    /** Connections beyond the seats, so that refusals ("ERR full") can still be said to late players. */
    static final int SPARE_CONNECTIONS = 256;
    /** A started line must be finished within this, or the connection is closed (slow-drip clients). */
    static final Duration LINE_DEADLINE_LIMIT = Duration.ofSeconds(10);
    static final String BATTLE_CODEC = "battleCodec";
    static final String HANDLER = "battleHandler";

    private final BattleConfig config;
    private final Seats seats;
    private final Arena arena;
    private final Lobby lobby;
    private final ChannelGroup channels;
    private final ConnectionLimiter connectionLimiter;

    BattleServerInitializer(BattleConfig config, Seats seats, Arena arena, Lobby lobby, ChannelGroup channels) {
        this.connectionLimiter = new ConnectionLimiter(config.maxPlayers() + SPARE_CONNECTIONS);
        this.config = config;
        this.seats = seats;
        this.arena = arena;
        this.lobby = lobby;
        this.channels = channels;
    }

    @Override
    protected void initChannel(Channel ch) {
        channels.add(ch);
        ChannelPipeline pipeline = ch.pipeline();
        pipeline.addLast(CONNECTION_LIMIT, connectionLimiter);
        pipeline.addLast(OUTBOUND_LIMIT, new OutboundLimit(MAX_UNSENT_BYTES));
        pipeline.addLast(IDLE_STATE, new IdleStateHandler(config.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        Duration lineDeadline = config.idleTimeout().compareTo(LINE_DEADLINE_LIMIT) < 0 ? config.idleTimeout() : LINE_DEADLINE_LIMIT;
        pipeline.addLast(LINE_DEADLINE, new LineDeadlineHandler(lineDeadline));
        LineFraming.addTo(pipeline, config.maxLineLength());
        pipeline.addLast(BATTLE_CODEC, BattleServerCodec.INSTANCE);
        pipeline.addLast(HANDLER, new BattleServerHandler(seats, arena, lobby));
    }
}
