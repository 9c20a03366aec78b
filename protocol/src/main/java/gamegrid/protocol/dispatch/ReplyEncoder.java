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
        int maxBytes = prepare(reply);
        if (promise.isVoid()) {
            if (gathered == null) {
                gathered = ctx.alloc().ioBuffer(Math.max(256, maxBytes));
            }
            writeTo(gathered, reply);
            if (gathered.readableBytes() >= MAX_GATHERED_BYTES) {
                writeGathered(ctx);
            }
            return;
        }
        writeGathered(ctx);
        ByteBuf out = ctx.alloc().ioBuffer(maxBytes);
        writeTo(out, reply);
        ctx.write(out, promise);
    }

    /** The most bytes the reply can take; any reply but the hot one, {@code HOST:PORT}, is first put in {@link #text}. */
    private int prepare(Reply reply) {
        if (reply instanceof Reply.Endpoint endpoint) {
            return ByteBufUtil.utf8MaxBytes(endpoint.host()) + ":65535\n".length();
        }
        text.setLength(0);
        DispatchCodec.appendReply(reply, text);
        return ByteBufUtil.utf8MaxBytes(text);
    }

    /** {@code HOST:PORT} goes straight into bytes (no text in between: it is most of what a dispatcher writes). */
    private void writeTo(ByteBuf out, Reply reply) {
        if (reply instanceof Reply.Endpoint endpoint) {
            ByteBufUtil.writeUtf8(out, endpoint.host());
            out.writeByte(':');
            writeDigits(out, endpoint.port());
            out.writeByte('\n');
        } else {
            ByteBufUtil.writeUtf8(out, text);
        }
    }

    private static void writeDigits(ByteBuf out, int value) {
        if (value >= 10) {
            writeDigits(out, value / 10);
        }
        out.writeByte('0' + value % 10);
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
