package gamegrid.protocol.map.tiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every map of the world, read from {@code DIR/*.map}, with each portal checked to land on a plain tile of a known map. */
public final class MapCatalog {
    public static final String SUFFIX = ".map";

    private final Map<String, TileMap> maps;

    private MapCatalog(Map<String, TileMap> maps) {
        this.maps = Map.copyOf(maps);
    }

    /** Reads and checks every map in {@code dir}; throws {@link IllegalArgumentException} listing every problem. */
    public static MapCatalog load(Path dir) throws IOException {
        Map<String, TileMap> maps = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
                String name = file.getFileName().toString();
                String id = name.substring(0, name.length() - SUFFIX.length());
                try {
                    maps.put(id, TileMap.parse(id, Files.readString(file)));
                } catch (IllegalArgumentException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        if (maps.isEmpty() && problems.isEmpty()) {
            problems.add("no *" + SUFFIX + " files in " + dir);
        }
        for (TileMap map : maps.values()) {
            map.portals().forEach((letter, portal) -> {
                TileMap target = maps.get(portal.map());
                if (target == null) {
                    problems.add(map.id() + ": portal " + letter + " leads to unknown map " + portal.map());
                } else if (!target.safeLanding(portal.x(), portal.y())) {
                    problems.add(map.id() + ": portal " + letter + " lands on " + portal.map() + " " + portal.x() + ","
                            + portal.y() + ", which is not a plain floor tile");
                }
            });
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new MapCatalog(maps);
    }

    /** The map with this id, or null. */
    public TileMap get(String id) {
        return maps.get(id);
    }

    public Map<String, TileMap> all() {
        return maps;
    }
}
