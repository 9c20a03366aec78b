package gamegrid.protocol.dispatch;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Server side: writes each {@link Reply} as its lines, straight from the reply into bytes.
 *
 * <p>Replies written with the void promise (a pipelining client's answers, which nobody waits on) are
 * gathered into one buffer and go out as a single write at the next flush, as Redis fills a client's reply
 * buffer: the socket sees one write per read batch instead of one per {@code get}. Any other write first
 * sends what was gathered, so order is kept. Holds a buffer and scratch text, so each channel gets its own.
 */
public final class ReplyEncoder extends ChannelOutboundHandlerAdapter {
    /** Past this many gathered bytes the batch is written without waiting for the flush. */
    static final int MAX_GATHERED_BYTES = 8192;

    private final StringBuilder text = new StringBuilder(64);
    private ByteBuf gathered;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof Reply reply)) {
            writeGathered(ctx);
            ctx.write(msg, promise);
            return;
        }
        text.setLength(0);
        DispatchCodec.appendReply(reply, text);
        if (promise.isVoid()) {
            if (gathered == null) {
                gathered = ctx.alloc().ioBuffer(Math.max(256, ByteBufUtil.utf8MaxBytes(text)));
            }
            ByteBufUtil.writeUtf8(gathered, text);
            if (gathered.readableBytes() >= MAX_GATHERED_BYTES) {
                writeGathered(ctx);
            }
            return;
        }
        writeGathered(ctx);
        ByteBuf out = ctx.alloc().ioBuffer(ByteBufUtil.utf8MaxBytes(text));
        ByteBufUtil.writeUtf8(out, text);
        ctx.write(out, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        writeGathered(ctx);
        ctx.flush();
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        writeGathered(ctx);
        ctx.flush();
        ctx.close(promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (gathered != null) {
            gathered.release();
            gathered = null;
        }
    }

    private void writeGathered(ChannelHandlerContext ctx) {
        if (gathered != null) {
            ByteBuf batch = gathered;
            gathered = null;
            ctx.write(batch, ctx.voidPromise());
        }
    }
}
