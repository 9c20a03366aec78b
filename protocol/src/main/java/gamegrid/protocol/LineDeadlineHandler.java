package gamegrid.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Gives a started line a deadline: a client that sends part of a line must finish it in time, or it is
 * told so with {@link #LINE_TIMEOUT} (a user event the last handler answers and closes on). This stops
 * slow-drip clients that an idle timeout never catches because every byte resets it.
 *
 * <p>Sits in front of the frame decoder and reads only the last byte of each chunk: a chunk that does
 * not end in {@code \n} leaves a line open.
 */
public final class LineDeadlineHandler extends ChannelInboundHandlerAdapter {
    /** Fired when a line stayed unfinished past the deadline. */
    public static final Object LINE_TIMEOUT = new Object() {
        @Override
        public String toString() {
            return "LINE_TIMEOUT";
        }
    };

    private final long deadlineNanos;
    private ScheduledFuture<?> timer;

    public LineDeadlineHandler(Duration deadline) {
        this.deadlineNanos = deadline.toNanos();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf buf && buf.isReadable()) {
            boolean lineOpen = buf.getByte(buf.writerIndex() - 1) != '\n';
            if (lineOpen && timer == null) {
                timer = ctx.executor().schedule(() -> expire(ctx), deadlineNanos, TimeUnit.NANOSECONDS);
            } else if (!lineOpen) {
                cancel();
            }
        }
        ctx.fireChannelRead(msg);
    }

    private void expire(ChannelHandlerContext ctx) {
        timer = null;
        if (ctx.channel().isActive()) {
            ctx.fireUserEventTriggered(LINE_TIMEOUT);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
