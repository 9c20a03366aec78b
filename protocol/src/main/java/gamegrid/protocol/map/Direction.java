package gamegrid.protocol.map;

/** A one-tile step; y grows southwards, as the rows of a map file run. */
public enum Direction {
    N(0, -1), S(0, 1), E(1, 0), W(-1, 0);

    private final int dx;
    private final int dy;

    Direction(int dx, int dy) {
        this.dx = dx;
        this.dy = dy;
    }

    public int dx() {
        return dx;
    }

    public int dy() {
        return dy;
    }
}
