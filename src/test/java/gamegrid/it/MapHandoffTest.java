package gamegrid.it;

import static gamegrid.support.MapServerFixture.ticket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.support.DispatcherProcess;
import gamegrid.support.FakeMapDirectory;
import gamegrid.support.MapClient;
import gamegrid.support.MapServerProcess;
import gamegrid.support.MemcachedProcess;
import gamegrid.support.Scrape;
import gamegrid.support.SpawnedProcessReaper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Map servers as real JVMs on one real memcached, found through a stand-in directory ({@code map|MAPID}):
 * handover between processes, kill -9 of the source and of the target around a handover, two instances
 * of one map, and the fencing rule. New players start on town 19,8; town's portal F (to forest 2,5) is at 38,5.
 */
@ExtendWith(SpawnedProcessReaper.class)
class MapHandoffTest {
    @TempDir
    Path dir;
    private MemcachedProcess memcached;
    private FakeMapDirectory directory;

    @BeforeEach
    void startStoreAndDirectory() throws Exception {
        memcached = MemcachedProcess.start();
        directory = new FakeMapDirectory();
    }

    @AfterEach
    void stopStoreAndDirectory() throws IOException {
        directory.close();
        memcached.close();
    }

    private MapServerProcess mapServer(String maps, String... settings) throws Exception {
        return mapServer(DispatcherProcess.freePort(), maps, settings);
    }

    private MapServerProcess mapServer(int port, String maps, String... settings) throws Exception {
        String[] all = new String[settings.length + 2];
        all[0] = "--memcached=" + memcached.address();
        all[1] = "--dispatcher=" + directory.address();
        System.arraycopy(settings, 0, all, 2, settings.length);
        MapServerProcess server = MapServerProcess.start(dir, port, maps, all);
        for (String map : maps.split(",")) {
            directory.route(map, port);
        }
        return server;
    }

    /** Walks a new player from town's spawn point onto the forest portal; returns the PORTAL line. */
    private static String stepThroughForestPortal(int townPort, String name) throws IOException {
        try (MapClient client = MapClient.entering(townPort, ticket(name), null)) {
            client.await("YOU");
            client.walk("e", 19);
            client.walk("n", 2);
            return client.ask("move|n", "PORTAL");
        }
    }

    private static String token(String portal) {
        return portal.substring(portal.lastIndexOf('|') + 1);
    }

    /** A map server whose own /metrics is on {@code metricsPort}: the offset from its game port that lands there. */
    private MapServerProcess mapServerWithMetrics(String maps, int metricsPort) throws Exception {
        int port = DispatcherProcess.freePort();
        return mapServer(port, maps, "--metrics-port-offset=" + (metricsPort - port));
    }

    @Test
    void aPlayerIsHandedOverToTheProcessOfTheNextMapAndBothServersCountIt() throws Exception {
        int townMetrics = DispatcherProcess.freePort();
        int forestMetrics = DispatcherProcess.freePort();
        try (MapServerProcess town = mapServerWithMetrics("town", townMetrics);
             MapServerProcess forest = mapServerWithMetrics("forest", forestMetrics)) {
            assertTrue(Scrape.metrics(townMetrics).contains("gamegrid_map_handoffs_total{direction=\"out\",outcome=\"ok\"} 0.0"));
            String portal = stepThroughForestPortal(town.port(), "hana");
            assertTrue(portal.startsWith("PORTAL|127.0.0.1:" + forest.port() + "|forest|"), portal);
            try (MapClient arriving = MapClient.entering(forest.port(), ticket("hana"), token(portal))) {
                assertEquals("YOU|hana|forest|2|5|100|0|0", arriving.await("YOU"));
                assertEquals("MOVED|hana|1|5", arriving.ask("move|w", "MOVED")); // onto the portal back to town
                String back = arriving.await("PORTAL");
                assertTrue(back.startsWith("PORTAL|127.0.0.1:" + town.port() + "|town|"), back);
                try (MapClient home = MapClient.entering(town.port(), ticket("hana"), token(back))) {
                    assertEquals("YOU|hana|town|37|5|100|0|0", home.await("YOU"));
                }
            }
            // There and back: each server sent one player on and took one in, and timed both.
            for (int metrics : new int[] {townMetrics, forestMetrics}) {
                String scraped = Scrape.metrics(metrics);
                assertTrue(scraped.contains("gamegrid_map_handoffs_total{direction=\"out\",outcome=\"ok\"} 1.0"), scraped);
                assertTrue(scraped.contains("gamegrid_map_handoffs_total{direction=\"in\",outcome=\"ok\"} 1.0"), scraped);
                assertTrue(scraped.contains("gamegrid_map_handoff_seconds_count{direction=\"out\"} 1"), scraped);
                assertTrue(scraped.contains("gamegrid_map_handoff_seconds_count{direction=\"in\"} 1"), scraped);
            }
        }
    }

    @Test
    void killingTheSourceAfterTheHandoverOrTheTargetBeforeTheArrivalLosesNothing() throws Exception {
        MapServerProcess town = mapServer("town");
        MapServerProcess forest = mapServer("forest");
        String portal = stepThroughForestPortal(town.port(), "kai");
        town.kill();
        forest.kill(); // the target dies before the player arrives
        try (MapServerProcess forest2 = mapServer("forest")) {
            // The token was never used, so it still works on the new instance of the target map.
            try (MapClient arriving = MapClient.entering(forest2.port(), ticket("kai"), token(portal))) {
                assertEquals("YOU|kai|forest|2|5|100|0|0", arriving.await("YOU"));
                arriving.walk("e", 2);
            }
            try (MapClient replay = MapClient.entering(forest2.port(), ticket("kai"), token(portal))) {
                assertEquals("ERR invalid or used token", replay.await("YOU"));
            }
        }
    }

    @Test
    void killingAMapServerMidWalkResumesOnTheWalkWithOnlyTheUnsavedTailLost() throws Exception {
        List<String> walked = new ArrayList<>(List.of("MOVED|lea|19|8"));
        try (MapServerProcess town = mapServer("town")) {
            MapClient client = MapClient.entering(town.port(), ticket("lea"), null);
            client.await("YOU");
            for (String step : List.of("s", "s", "s", "e")) {
                walked.add(client.walk(step, 1));
            }
            town.kill();
            assertTrue(client.closedByServer());
            client.close();
        }
        // The player asks the directory again and finds a new server of its map: it stands on the walk, at a
        // tile it reached (never one it did not), having lost at most the moves whose save was not done yet.
        try (MapServerProcess town2 = mapServer("town");
             MapClient back = MapClient.entering(town2.port(), ticket("lea"), null)) {
            String[] f = back.await("YOU").split("\\|");
            assertTrue(walked.contains("MOVED|lea|" + f[3] + "|" + f[4]), String.join("|", f) + " is not on " + walked);
        }
    }

    @Test
    void aPlayerOnTwoInstancesIsOwnedByTheLastAndTheOtherIsFenced() throws Exception {
        try (MapServerProcess first = mapServer("town", "--max-players=1");
             MapServerProcess second = mapServer("town", "--max-players=1")) {
            MapClient older = MapClient.entering(first.port(), ticket("max"), null);
            older.await("YOU");
            older.walk("w", 3);
            // A crowded instance refuses the next player, who goes to the other instance.
            try (MapClient crowd = MapClient.entering(first.port(), ticket("nia"), null)) {
                assertTrue(crowd.await("YOU").startsWith("ERR full"));
            }
            try (MapClient newer = MapClient.entering(second.port(), ticket("max"), null)) {
                assertEquals("YOU|max|town|16|8|100|0|0", newer.await("YOU"));
                // The first server learns at its next write (or its lease check) that it no longer owns the player.
                older.send("move|w");
                assertEquals("ERR logged in elsewhere", older.await("ERR"));
                assertTrue(older.closedByServer());
                older.close();
                assertEquals("MOVED|max|15|8", newer.ask("move|w", "MOVED"));
                try (MapClient nia = MapClient.entering(first.port(), ticket("nia"), null)) {
                    assertEquals("YOU|nia|town|19|8|100|0|0", nia.await("YOU")); // the fenced seat was freed
                }
            }
            try (MapClient again = MapClient.entering(first.port(), ticket("max"), null)) {
                assertEquals("YOU|max|town|15|8|100|0|0", again.await("YOU"));
            }
        }
    }
}
