package gamegrid.mapserver;

import gamegrid.protocol.map.tiles.TileMap;
import gamegrid.protocol.map.MapEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * One map hosted by this server with the players on it: placing, moving and removing them, and telling
 * each player in view what changed (appear, move, vanish) through the {@link AoiGrid}.
 * Owned by the world's event loop.
 */
final class MapInstance {
    private final TileMap map;
    private final AoiGrid grid;
    private int players;
    private int reserved;

    MapInstance(TileMap map, int viewRadius) {
        this.map = map;
        this.grid = new AoiGrid(map.width(), map.height(), viewRadius);
    }

    TileMap map() {
        return map;
    }

    int players() {
        return players;
    }

    /** Holds a place for a player whose enter is being checked against memcached; false when the map is full. */
    boolean reserve(int cap) {
        if (players + reserved >= cap) {
            return false;
        }
        reserved++;
        return true;
    }

    void unreserve() {
        reserved--;
    }

    /** Puts a session on the map; it sees who is in view, and they see it. */
    void place(Session session, List<MapEvent> toSelf) {
        grid.add(session);
        players++;
        MapEvent me = new MapEvent.See(session.name(), session.x(), session.y());
        grid.forEachNear(session.x(), session.y(), session.x(), session.y(), session, other -> {
            if (grid.inView(session.x(), session.y(), other.x(), other.y())) {
                other.send(me);
                toSelf.add(new MapEvent.See(other.name(), other.x(), other.y()));
            }
        });
    }

    /** Moves a session one tile and tells everyone in view before or after the move. */
    void move(Session session, int x, int y) {
        int oldX = session.x();
        int oldY = session.y();
        session.movedTo(x, y);
        grid.moved(session, oldX, oldY);
        List<MapEvent> toSelf = new ArrayList<>();
        MapEvent moved = new MapEvent.Moved(session.name(), x, y);
        toSelf.add(moved);
        MapEvent appeared = new MapEvent.See(session.name(), x, y);
        MapEvent vanished = new MapEvent.Gone(session.name());
        grid.forEachNear(oldX, oldY, x, y, session, other -> {
            boolean before = grid.inView(oldX, oldY, other.x(), other.y());
            boolean after = grid.inView(x, y, other.x(), other.y());
            if (before && after) {
                other.send(moved);
            } else if (after) {
                other.send(appeared);
                toSelf.add(new MapEvent.See(other.name(), other.x(), other.y()));
            } else if (before) {
                other.send(vanished);
                toSelf.add(new MapEvent.Gone(other.name()));
            }
        });
        session.sendAll(toSelf);
    }

    /** Takes a session off the map; those in view see it vanish. */
    void remove(Session session) {
        grid.remove(session);
        players--;
        MapEvent vanished = new MapEvent.Gone(session.name());
        grid.forEachNear(session.x(), session.y(), session.x(), session.y(), session, other -> {
            if (grid.inView(session.x(), session.y(), other.x(), other.y())) {
                other.send(vanished);
            }
        });
    }

    /** Everyone in view of a session. */
    List<MapEvent> visibleTo(Session session) {
        List<MapEvent> seen = new ArrayList<>();
        grid.forEachNear(session.x(), session.y(), session.x(), session.y(), session, other -> {
            if (grid.inView(session.x(), session.y(), other.x(), other.y())) {
                seen.add(new MapEvent.See(other.name(), other.x(), other.y()));
            }
        });
        return seen;
    }
}
