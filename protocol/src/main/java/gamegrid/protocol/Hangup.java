package gamegrid.protocol;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Closing a connection after its last words without ever waiting on a peer that does not read. */
public final class Hangup {
    /** The longest a close waits for its last message to leave. */
    public static final Duration LINGER = Duration.ofSeconds(2);

    private Hangup() {
    }

    /**
     * Writes {@code last} (when not null and the connection can still take it) behind whatever is queued,
     * then closes once it is written or {@link #LINGER} has passed. A connection already backed up is
     * closed at once: what its peer has not read is dropped.
     */
    public static void after(ChannelHandlerContext ctx, Object last) {
        after(ctx, ctx.channel(), last);
    }

    /** {@link #after(ChannelHandlerContext, Object)} from the tail of the pipeline, from any thread. */
    public static void after(Channel channel, Object last) {
        after(channel, channel, last);
    }

    private static void after(ChannelOutboundInvoker out, Channel channel, Object last) {
        if (last == null || !channel.isWritable()) {
            out.close();
            return;
        }
        ChannelFuture written = out.writeAndFlush(last);
        if (written.isDone()) {
            out.close();
            return;
        }
        ScheduledFuture<?> deadline = channel.eventLoop().schedule(() -> {
            out.close();
        }, LINGER.toMillis(), TimeUnit.MILLISECONDS);
        written.addListener(f -> {
            deadline.cancel(false);
            out.close();
        });
    }
}
