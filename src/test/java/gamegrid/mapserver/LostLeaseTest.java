package gamegrid.mapserver;

import static gamegrid.support.MapServerFixture.ticket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.support.MapClient;
import gamegrid.support.MemcachedProcess;
import gamegrid.support.MapServerFixture;
import org.junit.jupiter.api.Test;

/**
 * A server that lost a player's lease while the player stood still (taken over by another server, as after its
 * host was cut off) drops the player by itself, without a write or a word from the client to find it out.
 */
class LostLeaseTest {

    @Test
    void aQuietPlayerTakenOverElsewhereIsDroppedWithinTheLeaseCheckAndItsSeatFreed() throws Exception {
        try (MemcachedProcess memcached = MemcachedProcess.start();
             MapServerFixture first = MapServerFixture.start(memcached, null, "maps", "town", "max-players", "1");
             MapServerFixture second = MapServerFixture.start(memcached, null, "maps", "town");
             MapClient older = MapClient.entering(first.port(), ticket("ivo"), null)) {
            older.await("YOU");
            older.walk("e", 2);
            try (MapClient newer = MapClient.entering(second.port(), ticket("ivo"), null)) {
                assertEquals("YOU|ivo|town|21|8|100|0|0", newer.await("YOU"));
                // The older client sends nothing, so the first server writes nothing: its lease check finds out
                // (within 2 s; the client's read timeout is 10 s).
                assertEquals("ERR logged in elsewhere", older.await("ERR"));
                assertTrue(older.closedByServer());
                try (MapClient next = MapClient.entering(first.port(), ticket("uma"), null)) {
                    assertEquals("YOU|uma|town|19|8|100|0|0", next.await("YOU"), "the seat of a dropped player is free");
                }
                assertEquals("MOVED|ivo|22|8", newer.ask("move|e", "MOVED"), "the new owner was not disturbed");
            }
        }
    }
}
