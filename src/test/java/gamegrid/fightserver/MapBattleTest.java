package gamegrid.fightserver;

import static gamegrid.support.MapServerFixture.ticket;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.protocol.map.BattleRecord;
import gamegrid.support.MapClient;
import gamegrid.support.MapServerFixture;
import gamegrid.support.MemcachedProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Battles from a map, exactly once: a map server (new players start in the forest, every monster tile
 * attacks) parks the player, a battle server checks the ticket, claims the battle and records its outcome,
 * and the map server pays it once on the player's return. The forest's spawn point is 6,5; 5,3 is a monster tile.
 */
class MapBattleTest {
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static MemcachedProcess memcached;
    private static MapServerFixture map;
    private BattleServer battles;

    @BeforeAll
    static void startMapAndStore() throws Exception {
        memcached = MemcachedProcess.start();
        map = MapServerFixture.start(memcached, null, "start-map", "forest", "encounter-percent", "100",
                "battle-deadline", "1s");
    }

    @AfterAll
    static void stopMapAndStore() throws Exception {
        map.close();
        memcached.close();
    }

    @BeforeEach
    void startBattleServer() throws InterruptedException {
        battles = new BattleServer(new BattleConfig("127.0.0.1", 0, 10, Duration.ofSeconds(2), Duration.ofMillis(200),
                Duration.ofSeconds(10), 256, 1), new RecordingSeatListener(),
                InetSocketAddress.createUnresolved("127.0.0.1", memcached.port()), MapServerFixture.TICKETS);
        battles.start();
    }

    @AfterEach
    void stopBattleServer() {
        battles.stop();
    }

    /** A new player walks onto the monster tile at 5,3; returns the battle id. */
    private static String parkedInABattle(String name) throws IOException {
        try (MapClient client = MapClient.entering(map.port(), ticket(name), null)) {
            assertEquals("YOU|" + name + "|forest|6|5|100|0|0", client.await("YOU"));
            client.walk("w", 1);
            client.walk("n", 1);
            client.send("move|n");
            assertEquals("MOVED|" + name + "|5|3", client.await("MOVED"));
            String battle = client.await("BATTLE");
            assertTrue(battle.matches("BATTLE\\|[0-9a-f]{32}"), battle);
            assertTrue(client.closedByServer());
            return battle.substring("BATTLE|".length());
        }
    }

    private static String back(String name) throws IOException {
        try (MapClient client = MapClient.entering(map.port(), ticket(name), null)) {
            return client.await("YOU");
        }
    }

    @Test
    void aBattleWonOrLostIsPaidOnceWhenThePlayerComesBack() throws IOException {
        String name = "hero" + NAMES.incrementAndGet();
        String battle = parkedInABattle(name);
        try (PlayerClient fighter = new PlayerClient(battles.port())) {
            fighter.send("pve|" + ticket(name) + "|" + battle);
            fighter.readUntil("ROUND|1|");
            String result = fighter.fightPveToTheEnd();
            boolean won = result.startsWith("RESULT|win");
            String expected = "YOU|" + name + "|forest|5|3|100|" + (won ? BattleRecord.WIN_XP : 0) + "|" + (won ? BattleRecord.WIN_GOLD : 0);
            assertEquals(expected, back(name));
            assertEquals(expected, back(name), "paid once");
            fighter.send("pve|" + ticket(name) + "|" + battle);
            assertEquals("ERR battle already fought or abandoned", fighter.readUntil("ERR").get(0));
        }
    }

    @Test
    void onlyTheParkedPlayersValidTicketMayFightItsBattle() throws IOException {
        String name = "owner" + NAMES.incrementAndGet();
        String battle = parkedInABattle(name);
        try (PlayerClient intruder = new PlayerClient(battles.port())) {
            intruder.send("pve|" + ticket("intruder") + "|" + battle);
            assertEquals("ERR not your battle", intruder.readUntil("ERR").get(0));
            intruder.send("pve|" + ticket(name).replaceFirst(":[0-9a-f]{4}", ":0000") + "|" + battle);
            assertEquals("ERR forged ticket", intruder.readUntil("ERR").get(0));
            intruder.send("pve|" + ticket(name) + "|0123456789abcdef0123456789abcdef");
            assertEquals("ERR no such battle", intruder.readUntil("ERR").get(0));
            intruder.send("ping");
            assertEquals("PONG", intruder.readUntil("PONG").get(0), "refusals keep the connection and hold no seat");
        }
        assertEquals(0, battles.players());
    }

    @Test
    void aPlayerWhoNeverFightsComesBackWithoutRewardAndTheBattleIsClosed() throws IOException {
        String name = "shy" + NAMES.incrementAndGet();
        String battle = parkedInABattle(name);
        assertEquals("YOU|" + name + "|forest|5|3|100|0|0", back(name));
        try (PlayerClient late = new PlayerClient(battles.port())) {
            late.send("pve|" + ticket(name) + "|" + battle);
            assertEquals("ERR battle already fought or abandoned", late.readUntil("ERR").get(0));
        }
    }

    @Test
    void aBattleServerThatDiesMidBattleLeavesTheBattleToBeAbandonedAfterItsDeadline() throws IOException {
        String name = "orphan" + NAMES.incrementAndGet();
        String battle = parkedInABattle(name);
        try (PlayerClient fighter = new PlayerClient(battles.port())) {
            fighter.send("pve|" + ticket(name) + "|" + battle);
            fighter.readUntil("ROUND|1|");
            battles.stop(); // gone before the battle ends: nothing is recorded
        }
        try (MapClient early = MapClient.entering(map.port(), ticket(name), null)) {
            assertEquals("ERR still in battle " + battle + ": come back when it ends", early.await("YOU"));
            // After the 1 s deadline the map server abandons the battle itself; no reward.
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> early.ask("enter|" + ticket(name), "YOU").startsWith("YOU"));
            assertEquals("YOU|" + name + "|forest|5|3|100|0|0", early.seen().get(early.seen().size() - 1));
        }
    }
}
