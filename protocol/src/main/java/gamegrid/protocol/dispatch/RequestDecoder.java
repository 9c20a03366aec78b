package gamegrid.protocol.dispatch;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Server side: turns each framed line into a {@link Request}. A bare {@code get}, nearly all of a
 * dispatcher's traffic, is recognised from its bytes without building a String.
 */
@ChannelHandler.Sharable
public final class RequestDecoder extends MessageToMessageDecoder<ByteBuf> {
    public static final RequestDecoder INSTANCE = new RequestDecoder();
    private static final ByteBuf GET = Unpooled.unreleasableBuffer(
            Unpooled.copiedBuffer("get", StandardCharsets.US_ASCII)).asReadOnly();

    private RequestDecoder() {
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf line, List<Object> out) {
        out.add(ByteBufUtil.equals(line, GET) ? Request.Get.ONE : DispatchCodec.parseRequest(line.toString(StandardCharsets.UTF_8)));
    }
}
