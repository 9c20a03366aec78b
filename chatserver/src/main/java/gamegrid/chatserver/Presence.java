package gamegrid.chatserver;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Who is on which map, as the map servers' presence links say. Each entry remembers the link that made
 * it, so a map server's entries go when its link drops (it says them all again when it reconnects), and a
 * late {@code exit} from the map a player already left, or from the server it left, changes nothing. Owned by the hub's thread.
 */
final class Presence {
    private record Spot(String map, int link) {
    }

    private final Map<String, Spot> byName = new HashMap<>();
    private final Map<String, Set<String>> byMap = new HashMap<>();

    void enter(int link, String name, String map) {
        Spot old = byName.put(name, new Spot(map, link));
        if (old != null) {
            removeFromMap(name, old.map());
        }
        byMap.computeIfAbsent(map, m -> new HashSet<>()).add(name);
    }

    /**
     * {@code link} says {@code name} left {@code map}. Only the link that made the entry can end it: another map
     * server of the same map may have taken the player over meanwhile, and the old one's exit (when it finds out,
     * or when its connection ends) comes after the new one's enter.
     */
    void exit(int link, String name, String map) {
        Spot spot = byName.get(name);
        if (spot != null && spot.link() == link && spot.map().equals(map)) {
            byName.remove(name);
            removeFromMap(name, map);
        }
    }

    /** Forgets everything {@code link} said; returns how many players that was. */
    int dropLink(int link) {
        int[] dropped = {0};
        byName.entrySet().removeIf(entry -> {
            if (entry.getValue().link() != link) {
                return false;
            }
            removeFromMap(entry.getKey(), entry.getValue().map());
            dropped[0]++;
            return true;
        });
        return dropped[0];
    }

    /** The map {@code name} is on, or null. */
    String mapOf(String name) {
        Spot spot = byName.get(name);
        return spot == null ? null : spot.map();
    }

    Set<String> playersOn(String map) {
        return byMap.getOrDefault(map, Collections.emptySet());
    }

    int size() {
        return byName.size();
    }

    private void removeFromMap(String name, String map) {
        Set<String> names = byMap.get(map);
        if (names != null && names.remove(name) && names.isEmpty()) {
            byMap.remove(map);
        }
    }
}
