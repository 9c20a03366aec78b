package gamegrid.chatserver;

import gamegrid.protocol.chat.ChatEvent;
import io.netty.buffer.ByteBuf;
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

    final Channel channel;
    final String name;
    /** Index of the connection's event loop among the server's, to group deliveries per loop. */
    final int loopIndex;
    private final Runnable onCut;
    private final long graceMillis;
    // Owned by the connection's event loop.
    boolean pendingFlush;
    private boolean cut;
    // Set once, by the hub.
    Account account;

    Session(Channel channel, String name, int loopIndex, long graceMillis, Runnable onCut) {
        this.channel = channel;
        this.name = name;
        this.loopIndex = loopIndex;
        this.graceMillis = graceMillis;
        this.onCut = onCut;
    }

    /** Sends one event at once; from any thread (Netty keeps the order of writes to one channel). */
    void send(ChatEvent event) {
        channel.writeAndFlush(event, channel.voidPromise());
    }

    /** Writes a shared, already encoded message without flushing; on the connection's loop only. Takes ownership of {@code line}. */
    boolean push(ByteBuf line) {
        if (cut || !channel.isWritable()) {
            line.release();
            if (!cut) {
                cutOff("too slow: more than " + channel.config().getWriteBufferHighWaterMark() + " bytes unread");
            }
            return false;
        }
        // Already encoded: straight to the socket end of the pipeline, past the codec and the other handlers.
        channel.pipeline().firstContext().write(line, channel.voidPromise());
        return true;
    }

    /** Flushes what {@link #push} wrote; on the connection's loop only. */
    void flush() {
        channel.pipeline().firstContext().flush();
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
