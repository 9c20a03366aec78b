package gamegrid.protocol.battle;

import gamegrid.protocol.ProtocolException;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.MessageToMessageCodec;
import java.util.List;

/** Client side: turns each decoded line into an {@link Event} and each {@link Command} into its line. */
@ChannelHandler.Sharable
public final class BattleClientCodec extends MessageToMessageCodec<String, Command> {
    public static final BattleClientCodec INSTANCE = new BattleClientCodec();

    private BattleClientCodec() {
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, String line, List<Object> out) {
        try {
            out.add(BattleCodec.parseEvent(line));
        } catch (ProtocolException e) {
            throw new DecoderException(e.getMessage(), e);
        }
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Command command, List<Object> out) {
        out.add(BattleCodec.formatCommand(command));
    }
}
