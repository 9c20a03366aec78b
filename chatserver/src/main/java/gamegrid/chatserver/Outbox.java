package gamegrid.chatserver;

import gamegrid.protocol.EndOfTurn;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.util.List;

/**
 * One event loop's side of fan-out: writes a shared message to this loop's recipients and flushes each
 * connection once per turn of the loop, however many messages that turn wrote to it: a burst of messages
 * reaches each player in one system call, as Redis writes a client's whole output buffer once per turn.
 * Used only on its own loop.
 */
final class Outbox {
    /** One message for some of this loop's connections: the shared line (one reference) and who gets it. */
    record Delivery(List<Session> recipients, ByteBuf line) {
    }

    private final EndOfTurn<Session> unflushed;

    Outbox(EventLoop loop) {
        this.unflushed = new EndOfTurn<>(loop, sessions -> sessions.forEach(Outbox::flush));
    }

    EventLoop loop() {
        return unflushed.loop();
    }

    /** Writes each delivery in order; the connections are flushed once, after this turn of the loop. */
    void deliverAll(List<Delivery> deliveries) {
        for (int i = 0, n = deliveries.size(); i < n; i++) {
            Delivery delivery = deliveries.get(i);
            deliver(delivery.recipients(), delivery.line());
        }
    }

    /** Adds {@code line} (one reference, given up here) to each recipient's buffer of this turn. */
    void deliver(List<Session> recipients, ByteBuf line) {
        assert loop().inEventLoop();
        try {
            for (int i = 0, n = recipients.size(); i < n; i++) {
                Session session = recipients.get(i);
                if (session.push(line) && !session.pendingFlush) {
                    session.pendingFlush = true;
                    unflushed.mark(session); // the deliveries queued in this turn share the flush
                }
            }
        } finally {
            line.release();
        }
    }

    private static void flush(Session session) {
        session.pendingFlush = false;
        session.flush();
    }
}
