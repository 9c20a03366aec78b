package gamegrid.dispatcher.fleet;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The whole fleet: one pool per kind of server, and the rules they share.
 *
 * @param kinds       one entry per kind of server, battle servers first
 * @param adoptWindow after a restart, how long servers on the roster get to re-register before new ones start
 * @param firstBackoff the wait after a first failed start; it doubles with each further failure
 * @param lastBackoff  the longest wait between start attempts while servers keep failing
 * @param rosterFile   where the servers this dispatcher launched are listed, for the next dispatcher
 */
public record FleetConfig(List<KindConfig> kinds, Duration adoptWindow, Duration firstBackoff, Duration lastBackoff,
                            Path rosterFile) {
    public FleetConfig {
        kinds = List.copyOf(kinds);
    }
}
