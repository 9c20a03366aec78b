package gamegrid.dispatcher;

import gamegrid.protocol.dispatch.Reply;
import gamegrid.protocol.dispatch.Request;

/** Told of every request the dispatcher answers (for metrics); called on an event loop or the fleet's thread, so it must not block. */
public interface RequestObserver {
    RequestObserver NONE = (request, reply, nanos) -> { };

    /** {@code request} was answered with {@code reply}, {@code nanos} after it was read. */
    void answered(Request request, Reply reply, long nanos);
}
