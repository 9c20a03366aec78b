package gamegrid.fightserver.bot;

import gamegrid.protocol.map.Direction;
import gamegrid.protocol.map.tiles.TileMap;
import java.util.ArrayDeque;
import java.util.Deque;

/** Shortest walks on a map (breadth-first over walkable tiles), for bots that head for a portal or a monster. */
final class WorldPaths {
    private WorldPaths() {
    }

    /** The steps from one tile to another, empty when the goal is the start or cannot be reached. */
    static Deque<Direction> route(TileMap map, int fromX, int fromY, int toX, int toY) {
        int width = map.width();
        int[] cameFrom = new int[width * map.height()];
        java.util.Arrays.fill(cameFrom, -1);
        ArrayDeque<Integer> frontier = new ArrayDeque<>();
        int start = fromY * width + fromX;
        int goal = toY * width + toX;
        cameFrom[start] = start;
        frontier.add(start);
        while (!frontier.isEmpty() && cameFrom[goal] < 0) {
            int at = frontier.poll();
            for (Direction d : Direction.values()) {
                int nx = at % width + d.dx();
                int ny = at / width + d.dy();
                // Only the goal may be a portal: the walk should not cross into another map on its way.
                boolean passable = map.walkable(nx, ny) && (map.portalAt(nx, ny) == null || ny * width + nx == goal);
                if (passable && cameFrom[ny * width + nx] < 0) {
                    cameFrom[ny * width + nx] = at;
                    frontier.add(ny * width + nx);
                }
            }
        }
        Deque<Direction> steps = new ArrayDeque<>();
        if (cameFrom[goal] < 0 || goal == start) {
            return steps;
        }
        for (int at = goal; at != start; at = cameFrom[at]) {
            int previous = cameFrom[at];
            steps.addFirst(step(previous % width, previous / width, at % width, at / width));
        }
        return steps;
    }

    private static Direction step(int fromX, int fromY, int toX, int toY) {
        for (Direction d : Direction.values()) {
            if (fromX + d.dx() == toX && fromY + d.dy() == toY) {
                return d;
            }
        }
        throw new IllegalStateException("not neighbours");
    }
}
