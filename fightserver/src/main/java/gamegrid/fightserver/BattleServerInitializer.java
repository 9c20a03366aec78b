package gamegrid.fightserver;

import gamegrid.protocol.LineFraming;
import gamegrid.protocol.battle.BattleServerCodec;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/** The battle server's whole pipeline, in order. */
final class BattleServerInitializer extends ChannelInitializer<Channel> {
    static final String IDLE_STATE = "idleState";
    static final String BATTLE_CODEC = "battleCodec";
    static final String HANDLER = "battleHandler";

    private final BattleSettings settings;
    private final Seats seats;
    private final Arena arena;
    private final Lobby lobby;
    private final ChannelGroup channels;

    BattleServerInitializer(BattleSettings settings, Seats seats, Arena arena, Lobby lobby, ChannelGroup channels) {
        this.settings = settings;
        this.seats = seats;
        this.arena = arena;
        this.lobby = lobby;
        this.channels = channels;
    }

    @Override
    protected void initChannel(Channel ch) {
        channels.add(ch);
        ChannelPipeline pipeline = ch.pipeline();
        pipeline.addLast(IDLE_STATE, new IdleStateHandler(settings.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        LineFraming.addTo(pipeline, settings.maxLineLength());
        pipeline.addLast(BATTLE_CODEC, BattleServerCodec.INSTANCE);
        pipeline.addLast(HANDLER, new BattleServerHandler(seats, arena, lobby));
    }
}
