package gamegrid.protocol.dispatch;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/** Server side: turns each decoded line into a {@link Request}. */
@ChannelHandler.Sharable
public final class RequestDecoder extends MessageToMessageDecoder<String> {
    public static final RequestDecoder INSTANCE = new RequestDecoder();

    private RequestDecoder() {
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, String line, List<Object> out) {
        out.add(DispatchCodec.parseRequest(line));
    }
}
