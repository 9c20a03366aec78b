package gamegrid.protocol.map;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import java.util.List;

/** Server side: turns each decoded line into a {@link MapCommand} and each {@link MapEvent} into its line. */
@ChannelHandler.Sharable
public final class MapServerCodec extends MessageToMessageCodec<String, MapEvent> {
    public static final MapServerCodec INSTANCE = new MapServerCodec();

    private MapServerCodec() {
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, String line, List<Object> out) {
        out.add(MapCodec.parseCommand(line));
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, MapEvent event, List<Object> out) {
        out.add(MapCodec.formatEvent(event));
    }
}
