package gamegrid.mapserver;

import static gamegrid.support.MapServerFixture.ticket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.support.MapClient;
import gamegrid.support.MapServerFixture;
import gamegrid.support.MemcachedProcess;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One map server hosting the whole world in-process, a real memcached, players on loopback sockets:
 * entering, walking, walls, view radius, double login, portals and their tokens, bad input.
 * New players start on town's spawn point, 19,8; town's portal F (to forest 2,5) is at 38,5.
 */
class MapServerTest {
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static MemcachedProcess memcached;
    private static MapServerFixture world;

    @BeforeAll
    static void startWorld() throws Exception {
        memcached = MemcachedProcess.start();
        world = MapServerFixture.start(memcached, null);
    }

    @AfterAll
    static void stopWorld() throws Exception {
        world.close();
        memcached.close();
    }

    /** A name no other test uses, so each test starts with a new player. */
    static String fresh(String prefix) {
        return prefix + NAMES.incrementAndGet();
    }

    @Test
    void aNewPlayerStartsOnTheSpawnPointAndMovesOneTileAtATime() throws IOException {
        String name = fresh("walker");
        try (MapClient client = MapClient.entering(world.port(), ticket(name), null)) {
            assertEquals("YOU|" + name + "|town|19|8|100|0|0", client.await("YOU"));
            assertEquals("MOVED|" + name + "|19|7", client.ask("move|n", "MOVED"));
            assertEquals("MOVED|" + name + "|20|7", client.ask("move|e", "MOVED"));
            assertEquals("YOU|" + name + "|town|20|7|100|0|0", client.ask("where", "YOU"));
        }
        // Left and came back: the position was saved.
        try (MapClient again = MapClient.entering(world.port(), ticket(name), null)) {
            assertEquals("YOU|" + name + "|town|20|7|100|0|0", again.await("YOU"));
        }
    }

    @Test
    void wallsStopAMoveAndChangeNothing() throws IOException {
        String name = fresh("wall");
        try (MapClient client = MapClient.entering(world.port(), ticket(name), null)) {
            client.await("YOU");
            client.walk("n", 7); // to 19,1, under the top wall
            assertEquals("ERR wall", client.ask("move|n", "MOVED"));
            assertEquals("YOU|" + name + "|town|19|1|100|0|0", client.ask("where", "YOU"));
        }
    }

    @Test
    void badLinesAndBadTicketsGetErrAndChangeNothing() throws IOException {
        String name = fresh("bad");
        String expired = MapServerFixture.TICKETS.mint(name, Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1)).token();
        String forged = ticket(name).replaceFirst(":[0-9a-f]{4}", ":0000");
        try (MapClient client = new MapClient(world.port())) {
            assertEquals("ERR enter first", client.ask("move|n", "MOVED"));
            assertEquals("ERR expired ticket", client.ask("enter|" + expired, "YOU"));
            assertEquals("ERR forged ticket", client.ask("enter|" + forged, "YOU"));
            assertEquals("ERR forged ticket", client.ask("enter|" + ticket("someone").replace("someone", name), "YOU"));
            assertEquals("ERR malformed ticket", client.ask("enter|" + name, "YOU"));
            assertTrue(client.ask("enter|" + ticket(name) + "|nonsense", "YOU").startsWith("ERR bad token"));
            assertEquals("YOU|" + name + "|town|19|8|100|0|0", client.ask("enter|" + ticket(name), "YOU"));
            assertEquals("ERR already entered", client.ask("enter|" + ticket(name), "YOU"));
            assertTrue(client.ask("move|up", "MOVED").startsWith("ERR bad direction"));
            assertTrue(client.ask("move", "MOVED").startsWith("ERR use move"));
            assertTrue(client.ask("fly|n", "MOVED").startsWith("ERR unknown command"));
            assertEquals("ERR empty command", client.ask("", "MOVED"));
            assertEquals("ERR line too long", client.ask("move|" + "n".repeat(1000), "MOVED"));
            assertTrue(client.ask("look|far", "LOOK").startsWith("ERR use look"));
            assertEquals("PONG", client.ask("ping", "PONG"));
            assertEquals("YOU|" + name + "|town|19|8|100|0|0", client.ask("where", "YOU"));
        }
    }

    @Test
    void playersSeeEachOtherOnlyWithinTheViewRadius() throws IOException {
        String a = fresh("seer");
        String b = fresh("seen");
        try (MapClient first = MapClient.entering(world.port(), ticket(a), null)) {
            first.await("YOU");
            first.walk("s", 4); // 19,12: away from the spawn point, where others arrive
            try (MapClient second = MapClient.entering(world.port(), ticket(b), null)) {
                second.await("YOU");
                assertEquals("SEE|" + b + "|19|8", first.await("SEE|" + b)); // the spawn point is 4 rows away
                assertEquals("SEE|" + a + "|19|12", second.await("SEE|" + a));
                second.walk("s", 1);
                assertEquals("MOVED|" + b + "|19|9", first.await("MOVED|" + b));
                assertEquals("MOVED|" + b + "|20|9", moveAndWatch(second, "e", first, b));
                second.walk("n", 3); // 20,6: 6 rows away, out of view
                assertEquals("GONE|" + b, first.await("GONE|" + b));
                assertEquals("LOOK|0", first.ask("look", "LOOK"));
                second.ask("move|s", "MOVED");
                assertEquals("SEE|" + b + "|20|7", first.await("SEE|" + b));
                assertEquals("LOOK|1", first.ask("look", "LOOK"));
                assertEquals("SEE|" + b + "|20|7", first.await("SEE"));
            }
            assertEquals("GONE|" + b, first.await("GONE|" + b)); // quitting is vanishing
        }
    }

    private static String moveAndWatch(MapClient mover, String direction, MapClient watcher, String name) throws IOException {
        mover.ask("move|" + direction, "MOVED");
        return watcher.await("MOVED|" + name);
    }

    @Test
    void aSecondLoginClosesTheOlderConnectionAndSaysWhy() throws IOException {
        String name = fresh("twice");
        try (MapClient older = MapClient.entering(world.port(), ticket(name), null)) {
            older.await("YOU");
            older.walk("w", 2);
            try (MapClient newer = MapClient.entering(world.port(), ticket(name), null)) {
                assertEquals("YOU|" + name + "|town|17|8|100|0|0", newer.await("YOU"));
                assertEquals("ERR logged in elsewhere", older.await("ERR"));
                assertTrue(older.closedByServer());
                assertEquals("MOVED|" + name + "|16|8", newer.ask("move|w", "MOVED"));
            }
        }
    }

    @Test
    void aPortalHandsOverWithATokenThatWorksOnceAndOnlyForItsPlayer() throws IOException {
        String name = fresh("traveller");
        String other = fresh("thief");
        String token = walkToForestPortal(name);
        try (MapClient thief = MapClient.entering(world.port(), ticket(other), token)) {
            assertEquals("ERR invalid or used token", thief.await("YOU"));
        }
        try (MapClient arriving = MapClient.entering(world.port(), ticket(name), token)) {
            assertEquals("YOU|" + name + "|forest|2|5|100|0|0", arriving.await("YOU"));
            arriving.walk("e", 1);
        }
        try (MapClient replay = MapClient.entering(world.port(), ticket(name), token)) {
            assertEquals("ERR invalid or used token", replay.await("YOU"));
            // A refused enter leaves the connection able to enter properly, and nothing changed.
            assertEquals("YOU|" + name + "|forest|3|5|100|0|0", replay.ask("enter|" + ticket(name), "YOU"));
        }
    }

    @Test
    void aPlayerWhoNeverArrivesResumesOnTheTargetMapWithoutItsToken() throws IOException {
        String name = fresh("lost");
        walkToForestPortal(name);
        try (MapClient back = MapClient.entering(world.port(), ticket(name), null)) {
            assertEquals("YOU|" + name + "|forest|2|5|100|0|0", back.await("YOU"));
        }
    }

    /** Walks a new player from the spawn point onto town's portal F; returns the transfer token. */
    private static String walkToForestPortal(String name) throws IOException {
        try (MapClient client = MapClient.entering(world.port(), ticket(name), null)) {
            client.await("YOU");
            client.walk("e", 19);
            client.walk("n", 2);
            String portal = client.ask("move|n", "PORTAL");
            assertTrue(portal.matches("PORTAL\\|127\\.0\\.0\\.1:" + world.port() + "\\|forest\\|[0-9]+-[0-9a-f]+"), portal);
            assertTrue(client.closedByServer());
            return portal.substring(portal.lastIndexOf('|') + 1);
        }
    }

    @Test
    void aServerThatDoesNotHostThePlayersMapSaysWhereItIs() throws Exception {
        String name = fresh("elsewhere");
        try (MapClient client = MapClient.entering(world.port(), ticket(name), null)) {
            client.await("YOU");
        }
        try (MapServerFixture forestOnly = MapServerFixture.start(memcached, null, "maps", "forest");
             MapClient client = MapClient.entering(forestOnly.port(), ticket(name), null)) {
            assertEquals("MAP|town", client.await("MAP"));
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void movesFasterThanTheSpeedLimitAreRefused() throws Exception {
        String name = fresh("hasty");
        try (MapServerFixture slow = MapServerFixture.start(memcached, null, "move-interval", "10s");
             MapClient client = MapClient.entering(slow.port(), ticket(name), null)) {
            client.await("YOU");
            client.ask("move|n", "MOVED");
            client.ask("move|n", "MOVED"); // one move early is allowed, so jitter never refuses a client at the limit
            assertEquals("ERR too fast: one move per 10000 ms", client.ask("move|n", "MOVED"));
            assertEquals("YOU|" + name + "|town|19|6|100|0|0", client.ask("where", "YOU"));
        }
    }

    @Test
    void aFullMapRefusesTheNextPlayer() throws Exception {
        try (MapServerFixture small = MapServerFixture.start(memcached, null, "max-players", "1");
             MapClient first = MapClient.entering(small.port(), ticket(fresh("first")), null)) {
            assertTrue(first.await("YOU").startsWith("YOU"));
            try (MapClient second = MapClient.entering(small.port(), ticket(fresh("second")), null)) {
                assertEquals("ERR full: ask the dispatcher for another instance", second.await("YOU"));
            }
            assertEquals("PONG", first.ask("ping", "PONG"));
        }
    }
}
