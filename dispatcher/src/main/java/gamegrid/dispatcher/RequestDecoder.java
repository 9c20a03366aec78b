package gamegrid.dispatcher;

import gamegrid.protocol.dispatch.DispatchCodec;
import gamegrid.protocol.dispatch.Request;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Bytes to {@link Request}s: line framing that also understands the original Twisted clients, which wrote
 * their one command ({@code get}, {@code add|7001}) with no line end and waited for the answer. Each line is
 * parsed where it is cut out, so a {@code get} costs no extra pipeline step.
 *
 * <p>Only the first command of a connection may come unterminated. It is taken as complete at once when
 * it is a whole argument-less command such as {@code get}; otherwise when no more bytes arrive within
 * the flush delay, or when the client half-closes. Every later command needs its {@code \n}.
 */
final class RequestDecoder extends LineBasedFrameDecoder {
    private final long flushDelayNanos;
    private final Set<String> bareCommands;
    private final int longestBareCommand;
    private boolean firstFrameSeen;
    private ScheduledFuture<?> flushTimer;

    RequestDecoder(int maxLineLength, Duration flushDelay, Set<String> bareCommands) {
        super(maxLineLength, true, true);
        this.flushDelayNanos = flushDelay.toNanos();
        this.bareCommands = bareCommands;
        this.longestBareCommand = bareCommands.stream().mapToInt(String::length).max().orElse(0) + 1;
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf buffer) throws Exception {
        ByteBuf line = (ByteBuf) super.decode(ctx, buffer);
        if (line != null) {
            firstFrameSeen = true;
            try {
                return DispatchCodec.parseRequest(line);
            } finally {
                line.release();
            }
        }
        return !firstFrameSeen && isBareCommand(buffer) ? takeRest(buffer) : null;
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        super.decodeLast(ctx, in, out);
        if (!firstFrameSeen && in.isReadable()) {
            out.add(takeRest(in));
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        super.channelReadComplete(ctx);
        if (!firstFrameSeen && internalBuffer().isReadable()) {
            if (flushTimer != null) {
                flushTimer.cancel(false);
            }
            flushTimer = ctx.executor().schedule(() -> flushUnterminated(ctx), flushDelayNanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (flushTimer != null) {
            flushTimer.cancel(false);
        }
    }

    /** The client went quiet in the middle of its first command: take what it sent as the command. */
    private void flushUnterminated(ChannelHandlerContext ctx) {
        ByteBuf buffer = internalBuffer();
        if (firstFrameSeen || !ctx.channel().isActive() || !buffer.isReadable()) {
            return;
        }
        ctx.fireChannelRead(takeRest(buffer));
        ctx.fireChannelReadComplete();
    }

    /** The unterminated rest of the buffer as the connection's first command. */
    private Request takeRest(ByteBuf buffer) {
        firstFrameSeen = true;
        return DispatchCodec.parseRequest(buffer.readSlice(buffer.readableBytes()));
    }

    private boolean isBareCommand(ByteBuf buffer) {
        int length = buffer.readableBytes();
        if (length > longestBareCommand) {
            return false;
        }
        String text = buffer.toString(buffer.readerIndex(), length, StandardCharsets.US_ASCII);
        return bareCommands.contains(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
    }
}
