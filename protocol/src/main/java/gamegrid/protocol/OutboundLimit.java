package gamegrid.protocol;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection whose peer lets more than a bound of written bytes pile up unsent. Handlers stop
 * reading while a connection is unwritable, so replies stop growing there; this is the backstop for what
 * is written unasked (battle events, {@code DRAIN}) or was already on its way. The close does not wait on
 * the peer: what is queued is dropped. Sits next to the head of the pipeline, so it sees bytes.
 */
public final class OutboundLimit extends ChannelOutboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(OutboundLimit.class);

    private final long maxUnsentBytes;

    public OutboundLimit(long maxUnsentBytes) {
        this.maxUnsentBytes = maxUnsentBytes;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ctx.write(msg, promise);
        ChannelOutboundBuffer unsent = ctx.channel().unsafe().outboundBuffer();
        if (unsent != null && unsent.totalPendingWriteBytes() > maxUnsentBytes && ctx.channel().isOpen()) {
            log.debug("closing connection from {}: {} bytes unsent, limit {}", ctx.channel().remoteAddress(),
                    unsent.totalPendingWriteBytes(), maxUnsentBytes);
            ctx.close();
        }
    }
}
