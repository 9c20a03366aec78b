package gamegrid.protocol.dispatch;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/** Server side: turns each {@link Reply} into its lines for the line encoder. */
@ChannelHandler.Sharable
public final class ReplyEncoder extends MessageToMessageEncoder<Reply> {
    public static final ReplyEncoder INSTANCE = new ReplyEncoder();

    private ReplyEncoder() {
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Reply reply, List<Object> out) {
        out.addAll(DispatchCodec.formatReply(reply));
    }
}
