package gamegrid.protocol.map.tiles;

import gamegrid.protocol.map.MapCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One map as data: a grid of tiles ({@code #} wall, {@code .} floor, {@code S} the spawn point, {@code m}
 * monster zone, a capital letter a portal), and where each portal letter leads. Immutable.
 *
 * <p>File format ({@code config/maps/ID.map}): header lines {@code portal LETTER TARGETMAP X Y}, blank lines
 * and {@code #} comments, then a line {@code tiles} and the rows of the grid, all of one width.
 */
public final class TileMap {
    public static final char WALL = '#';
    public static final char FLOOR = '.';
    public static final char SPAWN = 'S';
    public static final char MONSTERS = 'm';

    private final String id;
    private final char[][] rows;
    private final int spawnX;
    private final int spawnY;
    private final Map<Character, Portal> portals;

    private TileMap(String id, char[][] rows, int spawnX, int spawnY, Map<Character, Portal> portals) {
        this.id = id;
        this.rows = rows;
        this.spawnX = spawnX;
        this.spawnY = spawnY;
        this.portals = Map.copyOf(portals);
    }

    /** Parses a map file's text; throws {@link IllegalArgumentException} listing every problem. */
    public static TileMap parse(String id, String text) {
        List<String> problems = new ArrayList<>();
        if (!MapCodec.MAP_ID.matcher(id).matches()) {
            problems.add("bad map id " + id + " (1 to 32 of a-z 0-9 _ -)");
        }
        Map<Character, Portal> portals = new HashMap<>();
        List<String> grid = new ArrayList<>();
        boolean inGrid = false;
        int lineNumber = 0;
        for (String line : text.split("\r?\n", -1)) {
            lineNumber++;
            if (inGrid) {
                if (!line.isEmpty()) {
                    grid.add(line);
                }
                continue;
            }
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] words = trimmed.split("\\s+");
            if (words[0].equals("tiles") && words.length == 1) {
                inGrid = true;
            } else if (words[0].equals("portal") && words.length == 5 && words[1].length() == 1 && isPortal(words[1].charAt(0))) {
                try {
                    portals.put(words[1].charAt(0), new Portal(words[2], Integer.parseInt(words[3]), Integer.parseInt(words[4])));
                } catch (NumberFormatException e) {
                    problems.add(id + ":" + lineNumber + ": portal coordinates must be numbers");
                }
            } else {
                problems.add(id + ":" + lineNumber + ": expected 'portal LETTER MAP X Y' or 'tiles': " + trimmed);
            }
        }
        if (grid.isEmpty()) {
            problems.add(id + ": no 'tiles' section");
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        int width = grid.get(0).length();
        char[][] rows = new char[grid.size()][];
        int spawns = 0;
        int spawnX = 0;
        int spawnY = 0;
        for (int y = 0; y < grid.size(); y++) {
            String row = grid.get(y);
            if (row.length() != width) {
                problems.add(id + ": row " + y + " is " + row.length() + " wide, not " + width);
            }
            rows[y] = row.toCharArray();
            for (int x = 0; x < row.length(); x++) {
                char c = row.charAt(x);
                if (c == SPAWN) {
                    spawns++;
                    spawnX = x;
                    spawnY = y;
                } else if (isPortal(c) && !portals.containsKey(c)) {
                    problems.add(id + ": portal " + c + " at " + x + "," + y + " has no 'portal " + c + " ...' line");
                } else if (c != WALL && c != FLOOR && c != MONSTERS && !isPortal(c)) {
                    problems.add(id + ": unknown tile '" + c + "' at " + x + "," + y);
                }
            }
        }
        if (spawns != 1) {
            problems.add(id + ": needs exactly one spawn point S, has " + spawns);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new TileMap(id, rows, spawnX, spawnY, portals);
    }

    private static boolean isPortal(char c) {
        return c >= 'A' && c <= 'Z' && c != SPAWN;
    }

    public String id() {
        return id;
    }

    public int width() {
        return rows[0].length;
    }

    public int height() {
        return rows.length;
    }

    public int spawnX() {
        return spawnX;
    }

    public int spawnY() {
        return spawnY;
    }

    /** The tile at x, y; outside the map counts as wall. */
    public char tile(int x, int y) {
        if (y < 0 || y >= rows.length || x < 0 || x >= rows[y].length) {
            return WALL;
        }
        return rows[y][x];
    }

    /** Whether a player may stand at x, y. */
    public boolean walkable(int x, int y) {
        return tile(x, y) != WALL;
    }

    /** The portal at x, y, or null. */
    public Portal portalAt(int x, int y) {
        char c = tile(x, y);
        return isPortal(c) ? portals.get(c) : null;
    }

    /** Where each portal letter leads. */
    public Map<Character, Portal> portals() {
        return portals;
    }

    /** Whether a player arriving at x, y lands on a plain tile (not a wall, a portal or monsters), so arriving starts nothing. */
    public boolean safeLanding(int x, int y) {
        char c = tile(x, y);
        return c == FLOOR || c == SPAWN;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TileMap other && other.id.equals(id);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id);
    }
}
