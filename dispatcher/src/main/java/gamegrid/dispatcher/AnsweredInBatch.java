package gamegrid.dispatcher;

import gamegrid.protocol.dispatch.Reply;
import gamegrid.protocol.dispatch.Request;
import java.util.Arrays;

/**
 * The requests of one read batch that were answered at once, told to the {@link RequestObserver} when the
 * batch's replies are flushed: one clock read for the whole batch instead of two per request, and the time
 * observed is when the replies leave. Owned by one connection's event loop.
 */
final class AnsweredInBatch {
    /** Past this, the arrays are dropped after a report rather than kept for the next batch. */
    private static final int KEPT_CAPACITY = 64;

    private Request[] requests;
    private Reply[] replies;
    private int size;

    void add(Request request, Reply reply) {
        if (requests == null) {
            requests = new Request[4];
            replies = new Reply[4];
        } else if (size == requests.length) {
            requests = Arrays.copyOf(requests, size * 2);
            replies = Arrays.copyOf(replies, size * 2);
        }
        requests[size] = request;
        replies[size] = reply;
        size++;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Tells the observer of each request, answered {@code nanos} after its batch was read, and forgets them. */
    void report(RequestObserver observer, long nanos) {
        for (int i = 0; i < size; i++) {
            observer.answered(requests[i], replies[i], nanos);
        }
        if (requests != null && requests.length > KEPT_CAPACITY) {
            requests = null;
            replies = null;
        } else if (size > 0) {
            Arrays.fill(requests, 0, size, null);
            Arrays.fill(replies, 0, size, null);
        }
        size = 0;
    }
}
