package gamegrid.protocol;

import io.netty.channel.EventLoop;
import io.netty.channel.SingleThreadEventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Work deferred to the end of one turn of an event loop: the items marked during the turn are handed to the
 * action together, after every task of the turn has run. This is how a burst of events reaches each connection
 * in one write and one system call, as Redis writes a client's whole output buffer once per turn.
 * Used only on its own loop; the caller marks an item once per turn (it keeps the flag that says so).
 */
public final class EndOfTurn<T> {
    private final SingleThreadEventLoop loop;
    private final Consumer<List<T>> action;
    private final List<T> marked = new ArrayList<>();
    private final Runnable runAll = this::runAll;

    /** {@code action} gets the turn's items in the order they were marked; it must not keep the list. */
    public EndOfTurn(EventLoop loop, Consumer<List<T>> action) {
        this.loop = (SingleThreadEventLoop) loop; // Netty's NIO and epoll loops both are
        this.action = action;
    }

    public EventLoop loop() {
        return loop;
    }

    /** {@code item} gets the action at the end of this turn. */
    public void mark(T item) {
        assert loop.inEventLoop();
        if (marked.isEmpty()) {
            loop.executeAfterEventLoopIteration(runAll);
        }
        marked.add(item);
    }

    private void runAll() {
        try {
            action.accept(marked);
        } finally {
            marked.clear();
        }
    }
}
