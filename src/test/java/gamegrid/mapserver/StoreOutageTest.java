package gamegrid.mapserver;

import static gamegrid.support.MapServerFixture.ticket;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.support.MapClient;
import gamegrid.support.MapServerFixture;
import gamegrid.support.MemcachedProcess;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** memcached goes away and comes back empty while a player walks: clear errors, no crash, nothing held lost. */
class StoreOutageTest {

    @Test
    void aStoreOutageRefusesMovesWithAClearErrorAndTheOwnerRestoresTheStateAfterARestart() throws Exception {
        try (MemcachedProcess memcached = MemcachedProcess.start();
             MapServerFixture world = MapServerFixture.start(memcached, null);
             MapClient client = MapClient.entering(world.port(), ticket("ola"), null)) {
            client.await("YOU");
            client.walk("s", 2); // 19,10
            memcached.stop();
            // A move may still be taken in memory until the server notices (its save then fails and the player
            // is told); from then on moves are refused, and the connection stays.
            String refused = "ERR state store unavailable: moves are refused until it is back";
            for (int i = 0; i < 5 && !refused.equals(client.ask("move|s", "ERR")); i++) {
                assertTrue(client.seen().get(client.seen().size() - 1).startsWith("ERR state store unavailable"), client.seen().toString());
            }
            client.send("ping");
            while (!client.await("PONG").equals("PONG")) {
                assertEquals(refused, client.seen().get(client.seen().size() - 1)); // answers to moves still on their way
            }
            try (MapClient newcomer = MapClient.entering(world.port(), ticket("pia"), null)) {
                assertEquals("ERR state store unavailable", newcomer.await("YOU"));
            }

            memcached.restart(); // empty: everything it held is gone
            // The server notices within its retry period, puts back the state it owns, and takes moves again.
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> client.ask("move|e", "MOVED").startsWith("MOVED"));
            String last = client.seen().get(client.seen().size() - 1);
            client.send("quit");
            assertTrue(client.closedByServer());
            String[] moved = last.split("\\|");
            try (MapClient back = MapClient.entering(world.port(), ticket("ola"), null)) {
                assertEquals("YOU|ola|town|" + moved[2] + "|" + moved[3] + "|100|0|0", back.await("YOU"), client.seen().toString());
            }
        }
    }
}
