package gamegrid.protocol.dispatch;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Server side: writes each {@link Reply} as its lines straight into one outgoing buffer of the right
 * size. Holds a scratch buffer, so each channel gets its own.
 */
public final class ReplyEncoder extends MessageToByteEncoder<Reply> {
    private final StringBuilder text = new StringBuilder(64);

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Reply reply, boolean preferDirect) {
        text.setLength(0);
        DispatchCodec.appendReply(reply, text);
        return ctx.alloc().ioBuffer(ByteBufUtil.utf8MaxBytes(text));
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Reply reply, ByteBuf out) {
        ByteBufUtil.writeUtf8(out, text); // formatted by allocateBuffer, which Netty calls just before
    }
}
