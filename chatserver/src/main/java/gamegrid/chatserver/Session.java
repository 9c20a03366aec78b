package gamegrid.chatserver;

import gamegrid.protocol.chat.ChatEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A logged-in player's connection as the hub sees it. The hub sends answers with {@link #send}; messages
 * fanned out to many players go through their loop's {@link Outbox}. A connection whose unsent output passes
 * the high-water mark is cut: told why, dropped from the hub, closed after a grace to read the reason.
 */
final class Session {
    private static final Logger log = LoggerFactory.getLogger(Session.class);

    private static final int UNFLUSHED_START_BYTES = 512;

    final Channel channel;
    final String name;
    /** Index of the connection's event loop among the server's, to group deliveries per loop. */
    final int loopIndex;
    private final Runnable onCut;
    private final long graceMillis;
    // Owned by the connection's event loop.
    boolean pendingFlush;
    /**
     * This turn's fanned-out messages, copied: one buffer and one write per turn, as Redis fills a client's
     * reply buffer. Copying a line costs less than sharing it, whose reference count both I/O loops would
     * bounce between their cores once per recipient.
     */
    private ByteBuf unflushed;
    /**
     * Read once from the channel: fan-out touches thousands of sessions per message, and each object more on
     * the way from a session to its buffer is a cache miss per recipient.
     */
    private final ByteBufAllocator allocator;
    private final int highWaterMark;
    private boolean cut;
    // Set once, by the hub.
    Account account;

    Session(Channel channel, String name, int loopIndex, long graceMillis, Runnable onCut) {
        this.channel = channel;
        this.name = name;
        this.loopIndex = loopIndex;
        this.graceMillis = graceMillis;
        this.onCut = onCut;
        this.allocator = channel.alloc();
        this.highWaterMark = channel.config().getWriteBufferHighWaterMark();
    }

    /** Sends one event at once, after the messages pushed before it; from any thread. */
    void send(ChatEvent event) {
        if (channel.eventLoop().inEventLoop()) {
            flush();
            channel.writeAndFlush(event, channel.voidPromise());
        } else {
            channel.eventLoop().execute(() -> send(event));
        }
    }

    /**
     * Adds a shared, already encoded message to this turn's buffer; on the connection's loop only. A connection
     * whose written output passes the high-water mark is cut when it does (PlayerHandler); this turn's buffer
     * counts as unread output too, as it did when each message was written at once.
     */
    boolean push(ByteBuf line) {
        if (cut) {
            return false;
        }
        if (unflushed == null) {
            unflushed = allocator.ioBuffer(Math.max(UNFLUSHED_START_BYTES, line.readableBytes()));
        } else if (unflushed.readableBytes() >= highWaterMark) {
            cutOff("too slow: more than " + highWaterMark + " bytes unread");
            return false;
        }
        unflushed.writeBytes(line, line.readerIndex(), line.readableBytes());
        return true;
    }

    /** Writes what {@link #push} gathered, in one write; on the connection's loop only. */
    void flush() {
        ByteBuf out = unflushed;
        if (out == null) {
            return;
        }
        unflushed = null;
        if (cut) {
            out.release(); // a connection being cut gets its reason, not more messages
        } else {
            // Already encoded: straight to the socket end of the pipeline, past the codec and the other handlers.
            channel.pipeline().firstContext().writeAndFlush(out, channel.voidPromise());
        }
    }

    /** Tells the player why and closes, giving it {@code graceMillis} to read the reason; on the connection's loop. */
    void cutOff(String reason) {
        if (cut) {
            return;
        }
        cut = true;
        log.info("cutting off player={} from {}: {}", name, channel.remoteAddress(), reason);
        onCut.run();
        channel.writeAndFlush(new ChatEvent.Err(reason)).addListener(ChannelFutureListener.CLOSE);
        channel.eventLoop().schedule(() -> channel.close(), graceMillis, TimeUnit.MILLISECONDS);
    }

    /** Sends {@code ERR reason}, then closes: another login took the name, the server is full, ... */
    void refuse(String reason) {
        channel.writeAndFlush(new ChatEvent.Err(reason)).addListener(ChannelFutureListener.CLOSE);
    }
}
