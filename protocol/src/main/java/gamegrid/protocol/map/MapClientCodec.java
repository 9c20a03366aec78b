package gamegrid.protocol.map;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import java.util.List;

/** Client side (bots): turns each line into a {@link MapEvent} and each {@link MapCommand} into its line. */
@ChannelHandler.Sharable
public final class MapClientCodec extends MessageToMessageCodec<String, MapCommand> {
    public static final MapClientCodec INSTANCE = new MapClientCodec();

    private MapClientCodec() {
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, String line, List<Object> out) throws Exception {
        out.add(MapCodec.parseEvent(line));
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, MapCommand command, List<Object> out) {
        out.add(MapCodec.formatCommand(command));
    }
}
