package gamegrid.mapserver;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Area of interest: who is near whom on one map. The map is cut into square cells as wide as the view
 * radius, so everyone a player can see is in the 3x3 cells around it; a move looks at those cells only,
 * not at every player on the map. View is a square: |dx| and |dy| both within the radius.
 * Owned by the world's event loop.
 */
final class AoiGrid {
    private final int radius;
    private final int columns;
    private final int rows;
    private final List<List<Session>> cells;

    AoiGrid(int width, int height, int radius) {
        this.radius = radius;
        this.columns = (width + radius - 1) / radius;
        this.rows = (height + radius - 1) / radius;
        this.cells = new ArrayList<>(columns * rows);
        for (int i = 0; i < columns * rows; i++) {
            cells.add(new ArrayList<>());
        }
    }

    void add(Session session) {
        cell(session.x(), session.y()).add(session);
    }

    void remove(Session session) {
        cell(session.x(), session.y()).remove(session);
    }

    /** Moves a session's entry after its position changed from oldX, oldY. */
    void moved(Session session, int oldX, int oldY) {
        List<Session> from = cell(oldX, oldY);
        List<Session> to = cell(session.x(), session.y());
        if (from != to) {
            from.remove(session);
            to.add(session);
        }
    }

    boolean inView(int ax, int ay, int bx, int by) {
        return Math.abs(ax - bx) <= radius && Math.abs(ay - by) <= radius;
    }

    /** Calls {@code action} for every other session in the cells around x, y and, if different, around x2, y2. */
    void forEachNear(int x, int y, int x2, int y2, Session self, Consumer<Session> action) {
        int cx = x / radius;
        int cy = y / radius;
        int cx2 = x2 / radius;
        int cy2 = y2 / radius;
        int minX = Math.max(0, Math.min(cx, cx2) - 1);
        int maxX = Math.min(columns - 1, Math.max(cx, cx2) + 1);
        int minY = Math.max(0, Math.min(cy, cy2) - 1);
        int maxY = Math.min(rows - 1, Math.max(cy, cy2) + 1);
        for (int j = minY; j <= maxY; j++) {
            for (int i = minX; i <= maxX; i++) {
                for (Session other : cells.get(j * columns + i)) {
                    if (other != self) {
                        action.accept(other);
                    }
                }
            }
        }
    }

    private List<Session> cell(int x, int y) {
        return cells.get((y / radius) * columns + x / radius);
    }
}
