package gamegrid.protocol.map.tiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TileMapTest {
    private static final String SMALL = """
            # a comment
            portal A other 1 1
            tiles
            #####
            #S.A#
            #.m.#
            #####
            """;

    @Test
    void aMapFileGivesTilesSpawnAndPortals() {
        TileMap map = TileMap.parse("small", SMALL);
        assertEquals(5, map.width());
        assertEquals(4, map.height());
        assertEquals(1, map.spawnX());
        assertEquals(1, map.spawnY());
        assertEquals(new Portal("other", 1, 1), map.portalAt(3, 1));
        assertNull(map.portalAt(2, 1));
        assertEquals(TileMap.MONSTERS, map.tile(2, 2));
        assertFalse(map.walkable(0, 0));
        assertFalse(map.walkable(-1, 1), "outside is wall");
        assertTrue(map.walkable(2, 2));
    }

    @Test
    void everyProblemOfABadMapIsReported() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TileMap.parse("bad", "tiles\n#B?#\n#..\n"));
        assertTrue(e.getMessage().contains("portal B"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown tile '?'"), e.getMessage());
        assertTrue(e.getMessage().contains("row 1 is 3 wide"), e.getMessage());
        assertTrue(e.getMessage().contains("exactly one spawn point"), e.getMessage());
    }

    @Test
    void theWorldInConfigIsFourConnectedMaps() throws IOException {
        MapCatalog catalog = MapCatalog.load(Path.of("config/maps"));
        assertEquals(4, catalog.all().size());
        catalog.all().values().forEach(map -> assertFalse(map.portals().isEmpty(), map.id()));
    }

    @Test
    void aPortalToANonFloorTileOrAnUnknownMapIsRefused(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("one.map"), "portal A two 0 0\nportal B nowhere 1 1\ntiles\n#####\n#SAB#\n#####\n");
        Files.writeString(dir.resolve("two.map"), "tiles\n###\n#S#\n###\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MapCatalog.load(dir));
        assertTrue(e.getMessage().contains("not a plain floor tile"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown map nowhere"), e.getMessage());
    }
}
