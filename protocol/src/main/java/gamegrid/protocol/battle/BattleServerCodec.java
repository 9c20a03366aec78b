package gamegrid.protocol.battle;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import java.util.List;

/** Server side: turns each decoded line into a {@link Command} and each {@link Event} into its line. */
@ChannelHandler.Sharable
public final class BattleServerCodec extends MessageToMessageCodec<String, Event> {
    public static final BattleServerCodec INSTANCE = new BattleServerCodec();

    private BattleServerCodec() {
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, String line, List<Object> out) {
        out.add(BattleCodec.parseCommand(line));
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Event event, List<Object> out) {
        out.add(BattleCodec.formatEvent(event));
    }
}
