package gamegrid.protocol.dispatch;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/** Client side: turns each {@link Request} into its line. */
@ChannelHandler.Sharable
public final class RequestEncoder extends MessageToMessageEncoder<Request> {
    public static final RequestEncoder INSTANCE = new RequestEncoder();

    private RequestEncoder() {
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Request request, List<Object> out) {
        out.add(DispatchCodec.formatRequest(request));
    }
}
