package gamegrid.chatserver;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;

/**
 * One event loop's side of fan-out: writes a shared message to this loop's recipients and flushes each
 * connection once per batch of the loop's tasks, however many messages that batch wrote to it.
 * Used only on its own loop.
 */
final class Outbox {
    private final EventLoop loop;
    private final List<Session> unflushed = new ArrayList<>();
    private final Runnable flush = this::flushAll;

    Outbox(EventLoop loop) {
        this.loop = loop;
    }

    EventLoop loop() {
        return loop;
    }

    /** Writes {@code line} (one reference, given up here) to each recipient, as a duplicate sharing its bytes. */
    void deliver(List<Session> recipients, ByteBuf line) {
        assert loop.inEventLoop();
        try {
            for (int i = 0, n = recipients.size(); i < n; i++) {
                Session session = recipients.get(i);
                if (session.push(line.retainedDuplicate()) && !session.pendingFlush) {
                    session.pendingFlush = true;
                    if (unflushed.isEmpty()) {
                        // Runs after the tasks already queued: the deliveries posted meanwhile share this flush.
                        loop.execute(flush);
                    }
                    unflushed.add(session);
                }
            }
        } finally {
            line.release();
        }
    }

    private void flushAll() {
        for (int i = 0, n = unflushed.size(); i < n; i++) {
            Session session = unflushed.get(i);
            session.pendingFlush = false;
            session.flush();
        }
        unflushed.clear();
    }
}
