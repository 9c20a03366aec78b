package gamegrid.mapserver;

import gamegrid.protocol.EndOfTurn;
import gamegrid.protocol.map.MapEvent;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection as the world sees it: the player it entered as, the state it holds and the CAS unique of
 * its last write, where it stands, and its save in flight. Everything but the channel belongs to the
 * world's event loop.
 *
 * <p>Events for the player are gathered during a turn of the world's loop and handed to the connection's
 * own loop at the end of it, with those of every other player on that loop ({@link World}): a move seen by
 * fifty players is fifty appends, then one task per I/O loop and one write per player, not fifty
 * cross-thread writes, wake-ups and system calls.
 */
final class Session {
    /** Where a connection is in its life: it never goes back. */
    enum Phase {
        /** Connected, not entered (or an enter was refused). */
        NEW,
        /** Loading and claiming its state. */
        ENTERING,
        /** On a map: moves are taken. */
        ON_MAP,
        /** Writing a portal or battle commit; moves wait. */
        LEAVING,
        /** The connection closed; saves still in flight or failed are still written. */
        CLOSED,
        /** Done: handed over, kicked or fenced; this connection writes nothing more. */
        GONE
    }

    private final Channel channel;
    private final EndOfTurn<Session> worldTurn;
    private List<MapEvent> unsent = new ArrayList<>(4);
    private boolean marked;
    private boolean closeAfterUnsent;
    private Phase phase = Phase.NEW;
    private String name;
    private PlayerState state;
    private long cas;
    private int x;
    private int y;
    private MapInstance instance;
    private MapInstance reservation;
    private long nextMoveNanos = Long.MIN_VALUE / 2;
    private long enterNanos;
    private boolean saving;
    private boolean dirty;
    private boolean storeFailed;
    private final List<Runnable> afterSave = new ArrayList<>(1);

    Session(Channel channel, EndOfTurn<Session> worldTurn) {
        this.channel = channel;
        this.worldTurn = worldTurn;
    }

    Channel channel() {
        return channel;
    }

    /** Sends {@code event} at the end of this turn of the world's loop, after what was sent before it. */
    void send(MapEvent event) {
        if (!closeAfterUnsent) {
            markUnsent();
            unsent.add(event);
        }
    }

    void sendAll(List<MapEvent> events) {
        if (!closeAfterUnsent) {
            markUnsent();
            unsent.addAll(events);
        }
    }

    /** Sends what is unsent, then {@code last} (if not null), then closes; nothing sent after this goes out. */
    void close(MapEvent last) {
        if (!closeAfterUnsent) {
            markUnsent();
            if (last != null) {
                unsent.add(last);
            }
            closeAfterUnsent = true;
        }
    }

    private void markUnsent() {
        if (!marked) {
            marked = true;
            worldTurn.mark(this);
        }
    }

    /** The end of the world's turn: what was sent in it, to be written on the connection's loop. */
    Outgoing takeUnsent() {
        marked = false;
        Outgoing outgoing = new Outgoing(channel, unsent, closeAfterUnsent);
        unsent = closeAfterUnsent ? List.of() : new ArrayList<>(4);
        return outgoing;
    }

    /** One turn's events for one connection, and whether it closes after them. */
    record Outgoing(Channel channel, List<MapEvent> events, boolean close) {
        /** On the connection's loop: the events, one flush (one system call), then the close if asked. */
        void write() {
            for (int i = 0, n = events.size(); i < n; i++) {
                channel.write(events.get(i), channel.voidPromise());
            }
            if (close) {
                channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            } else {
                channel.flush();
            }
        }
    }

    /** When its {@code enter} arrived ({@link System#nanoTime}), for the handoff latency. */
    long enterNanos() {
        return enterNanos;
    }

    void enterNanos(long nanos) {
        enterNanos = nanos;
    }

    Phase phase() {
        return phase;
    }

    void phase(Phase next) {
        phase = next;
    }

    String name() {
        return name;
    }

    void name(String playerName) {
        name = playerName;
    }

    PlayerState state() {
        return state;
    }

    long cas() {
        return cas;
    }

    /** The state as last written, with the CAS unique of that write. */
    void stored(PlayerState written, long newCas) {
        state = written;
        cas = newCas;
    }

    /** The last written state at the current position: what the next write starts from. */
    PlayerState positioned() {
        return state.at(x, y);
    }

    /** Places the session on its map at the position of its state. */
    void placedAtState() {
        x = state.x();
        y = state.y();
    }

    /** The position changed in memory; it is saved by the next write. */
    void movedTo(int newX, int newY) {
        x = newX;
        y = newY;
    }

    /** The position on the map it stands on, which may be ahead of the state last written. */
    int x() {
        return x;
    }

    int y() {
        return y;
    }

    MapInstance instance() {
        return instance;
    }

    void instance(MapInstance on) {
        instance = on;
    }

    /** The map holding a place for this session while it enters, or null. */
    MapInstance reservation() {
        return reservation;
    }

    void reservation(MapInstance on) {
        reservation = on;
    }

    /**
     * The speed limit as a bucket of one spare move: a move is allowed unless it comes more than one interval
     * before its turn, so a client stepping at the limit is never refused for network jitter, and over any
     * stretch of time no player makes more than one move per interval (plus that one).
     */
    boolean mayMove(long now, long intervalNanos) {
        return now - (nextMoveNanos - intervalNanos) >= 0;
    }

    /** A move was made: the next one's turn comes one interval later. */
    void moved(long now, long intervalNanos) {
        nextMoveNanos = Math.max(nextMoveNanos, now) + intervalNanos;
    }

    boolean saving() {
        return saving;
    }

    void saving(boolean inFlight) {
        saving = inFlight;
    }

    boolean dirty() {
        return dirty;
    }

    void dirty(boolean unsaved) {
        dirty = unsaved;
    }

    boolean storeFailed() {
        return storeFailed;
    }

    void storeFailed(boolean failed) {
        storeFailed = failed;
    }

    /** Work that must wait for the save in flight: a commit writes after it, with its CAS unique. */
    List<Runnable> afterSave() {
        return afterSave;
    }
}
