package gamegrid.dispatcher;

import gamegrid.protocol.dispatch.DispatchCodec;
import gamegrid.protocol.dispatch.Request;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
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
 *
 * <p>The handler behind it can {@link #pause} it: reading from the socket stops, and so does decoding of
 * what was already read, until {@link #resume}. A half-close that arrives meanwhile waits its turn too, so
 * every command sent before it is still answered. A connection that stays paused and unwritable for the
 * stall timeout (its peer reads nothing) gets a {@link #STALLED} event, for the handler to close it. At most
 * {@link #LINES_PER_TURN} lines are decoded per turn of the event loop.
 */
final class RequestDecoder extends LineBasedFrameDecoder {
    /** Fired when the peer has read nothing for the stall timeout while replies wait for it. */
    static final Object STALLED = new Object() {
        @Override
        public String toString() {
            return "STALLED";
        }
    };

    /**
     * Lines decoded in one turn of the event loop at most: a client that pipelines thousands of commands
     * has the rest decoded in later tasks, so that it cannot hold the loop its neighbours share.
     */
    static final int LINES_PER_TURN = 1024;

    /** {@code get} as the three bytes of a big-endian medium. */
    private static final int GET_MEDIUM = ('g' << 16) | ('e' << 8) | 't';

    private final long stallTimeoutNanos;
    /** Whether the line framing has begun a line (scanned or discarding part of it): then it cuts the next one. */
    private boolean lineInProgress;
    private int linesThisTurn;
    private boolean yielded;
    private ScheduledFuture<?> stallTimer;
    private final long flushDelayNanos;
    private final Set<String> bareCommands;
    private final int longestBareCommand;
    private boolean firstFrameSeen;
    private ScheduledFuture<?> flushTimer;
    private ChannelHandlerContext ctx;
    private boolean paused;
    private ChannelInputShutdownEvent deferredInputShutdown;

    RequestDecoder(int maxLineLength, Duration flushDelay, Duration stallTimeout, Set<String> bareCommands) {
        super(maxLineLength, true, true);
        this.stallTimeoutNanos = stallTimeout.toNanos();
        this.flushDelayNanos = flushDelay.toNanos();
        this.bareCommands = bareCommands;
        this.longestBareCommand = bareCommands.stream().mapToInt(String::length).max().orElse(0) + 1;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        super.handlerAdded(ctx);
    }

    /** Stops reading and decoding: the handler has as many replies outstanding as it will hold. */
    void pause() {
        paused = true;
        ctx.channel().config().setAutoRead(false);
        if (stallTimer == null) {
            stallTimer = ctx.executor().schedule(this::checkStall, stallTimeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** The idle timeout cannot tell a paused connection from a quiet one; this does, from writability. */
    private void checkStall() {
        stallTimer = null;
        if (!paused || !ctx.channel().isActive()) {
            return;
        }
        if (ctx.channel().isWritable()) {
            pause(); // paused for another reason (replies still being prepared): look again later
        } else {
            ctx.fireUserEventTriggered(STALLED);
        }
    }

    boolean isPaused() {
        return paused;
    }

    /** Decodes what was read meanwhile, then reads again; from the next turn of the event loop, never inside a decode. */
    void resume() {
        if (!paused) {
            return;
        }
        paused = false;
        if (stallTimer != null) {
            stallTimer.cancel(false);
            stallTimer = null;
        }
        ctx.executor().execute(this::decodeRest);
    }

    /** Decodes what is left in the buffer (a turn's worth), then the half-close it held back, then reads again. */
    private void decodeRest() {
        yielded = false;
        if (paused || !ctx.channel().isActive()) {
            return;
        }
        try {
            if (internalBuffer().isReadable()) {
                channelRead(ctx, Unpooled.EMPTY_BUFFER);
                channelReadComplete(ctx);
            }
            if (!paused && !yielded && deferredInputShutdown != null) {
                ChannelInputShutdownEvent event = deferredInputShutdown;
                deferredInputShutdown = null;
                super.userEventTriggered(ctx, event);
            }
        } catch (Exception e) {
            ctx.fireExceptionCaught(e);
        }
        if (!paused && !yielded) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        linesThisTurn = 0;
        super.channelRead(ctx, msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if ((paused || yielded) && event instanceof ChannelInputShutdownEvent shutdown) {
            deferredInputShutdown = shutdown; // the commands before it first
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf buffer) throws Exception {
        if (paused || yielded) {
            return null; // left in the buffer until resume, or the next turn
        }
        if (linesThisTurn == LINES_PER_TURN) {
            yielded = true; // the rest in a later task, so that other connections on this loop are served meanwhile
            ctx.channel().config().setAutoRead(false);
            return null;
        }
        Request get = lineInProgress ? null : takeGet(buffer);
        if (get != null) {
            linesThisTurn++;
            firstFrameSeen = true;
            return get;
        }
        lineInProgress = true; // until the framing below cuts a whole line: it may have scanned or be discarding part of one
        ByteBuf line = (ByteBuf) super.decode(ctx, buffer);
        if (line != null) {
            lineInProgress = false;
            linesThisTurn++;
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
        if (paused) {
            // Not super: having decoded nothing with auto-read off, it would ask for one more read, and
            // another, and the buffer of a client that pipelines without reading would grow without end.
            discardSomeReadBytes();
            ctx.fireChannelReadComplete();
            return;
        }
        if (yielded) {
            discardSomeReadBytes();
            ctx.fireChannelReadComplete(); // the handler flushes this turn's replies
            ctx.executor().execute(this::decodeRest);
            return;
        }
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
        if (stallTimer != null) {
            stallTimer.cancel(false);
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

    /**
     * The original {@code get} line, by far the most frequent, read in place: no slice of the buffer, no
     * reference count, no comparison. Null when the buffer does not start with a whole {@code get} line.
     */
    private static Request takeGet(ByteBuf buffer) {
        int at = buffer.readerIndex();
        int readable = buffer.readableBytes();
        if (readable < 4 || buffer.getMedium(at) != GET_MEDIUM) {
            return null;
        }
        byte end = buffer.getByte(at + 3);
        if (end == '\n') {
            buffer.skipBytes(4);
            return Request.Get.ONE;
        }
        if (end == '\r' && readable >= 5 && buffer.getByte(at + 4) == '\n') {
            buffer.skipBytes(5);
            return Request.Get.ONE;
        }
        return null;
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
