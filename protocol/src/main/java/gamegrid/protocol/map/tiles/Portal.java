package gamegrid.protocol.map.tiles;

import java.util.Objects;

/** Where a portal tile leads: a floor tile of another map. */
public record Portal(String map, int x, int y) {
    public Portal {
        Objects.requireNonNull(map, "map");
    }
}
