package gamegrid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.support.FakeBattleServerLink;
import gamegrid.support.LineClient;
import gamegrid.support.TestDispatcher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dispatcher on a real loopback socket, with test links standing in for battle servers: routing,
 * reservations under a burst, seed-style and persistent clients, and bad input.
 */
class DispatcherOverSocketsTest {
    @TempDir
    Path dir;

    private TestDispatcher dispatcher;

    @AfterEach
    void stopDispatcher() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    private void start(String... settings) throws Exception {
        dispatcher = TestDispatcher.start(dir, settings);
    }

    @Test
    void aSeedClientThatSendsGetWithoutALineEndIsAnsweredAndDisconnected() throws Exception {
        start();
        try (FakeBattleServerLink ignored = FakeBattleServerLink.register(dispatcher, 7000, 0);
             LineClient seed = new LineClient(dispatcher.port())) {
            seed.setReadTimeout(1_000); // far above the promise; the flush delay does not apply to a bare get
            seed.send("get");
            assertEquals("127.0.0.1:7000", seed.readLine());
            assertTrue(seed.closedByServer());
        }
    }

    @Test
    void aSeedReportWithoutALineEndIsTakenAfterTheClientGoesQuiet() throws Exception {
        start("security.legacy-report-addresses", "127.0.0.1");
        try (FakeBattleServerLink ignored = FakeBattleServerLink.register(dispatcher, 7000, 0);
             LineClient seed = new LineClient(dispatcher.port())) {
            seed.send("add|7000");
            assertEquals("OK", seed.readLine());
            assertTrue(seed.closedByServer());
            assertEquals(1, dispatcher.stats().get(7000).load());
        }
    }

    @Test
    void aNewlineClientGetsOneAnswerAndIsDisconnected() throws Exception {
        start();
        try (FakeBattleServerLink ignored = FakeBattleServerLink.register(dispatcher, 7000, 0);
             LineClient client = new LineClient(dispatcher.port())) {
            client.send("get\r\nget\n");
            assertEquals("127.0.0.1:7000", client.readLine());
            assertNull(client.readLine());
        }
    }

    @Test
    void aClientThatHalfClosesAfterItsCommandStillGetsTheAnswer() throws Exception {
        start();
        try (FakeBattleServerLink ignored = FakeBattleServerLink.register(dispatcher, 7000, 0);
             LineClient client = new LineClient(dispatcher.port())) {
            client.send("stats");
            client.shutdownOutput();
            assertEquals("STATS 2", client.readLine());
        }
    }

    @Test
    void getRoutesToTheLeastLoadedServerCountingReservations() throws Exception {
        start("fleet.max-players", "10");
        try (FakeBattleServerLink a = FakeBattleServerLink.register(dispatcher, 7000, 3);
             FakeBattleServerLink b = FakeBattleServerLink.register(dispatcher, 7001, 5)) {
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(dispatcher.ask("get"));
            }
            // 7000 goes from 3 to 5 in reservations, then the tie at 5 goes to the lower port, then 7001.
            assertEquals(List.of("127.0.0.1:7000", "127.0.0.1:7000", "127.0.0.1:7000", "127.0.0.1:7001"), answers);
            assertEquals(new TestDispatcher.Row("READY", 3, 3, 0), dispatcher.stats().get(7000));
            assertEquals("OK", a.add());
            TestDispatcher.Row row = dispatcher.stats().get(7000);
            assertEquals(4, row.load());
            assertEquals(2, row.reserved(), "an add claims one of the server's reservations");
            assertEquals("OK", b.del());
            assertEquals(4, dispatcher.stats().get(7001).load());
        }
    }

    @Test
    void aBurstOfConcurrentGetsNeverRoutesMorePlayersThanTheCapToAServer() throws Exception {
        start("fleet.max-players", "25", "fleet.max-servers", "2");
        try (FakeBattleServerLink a = FakeBattleServerLink.register(dispatcher, 7000, 0);
             FakeBattleServerLink b = FakeBattleServerLink.register(dispatcher, 7001, 0)) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<String>> answers = new ArrayList<>();
                for (int i = 0; i < 80; i++) {
                    answers.add(pool.submit((Callable<String>) () -> dispatcher.ask("get")));
                }
                Map<String, Integer> counts = new HashMap<>();
                for (Future<String> answer : answers) {
                    String reply = answer.get(20, TimeUnit.SECONDS);
                    counts.merge(reply.startsWith("ERR full") ? "full" : reply, 1, Integer::sum);
                }
                assertEquals(Map.of("127.0.0.1:7000", 25, "127.0.0.1:7001", 25, "full", 30), counts);
            } finally {
                pool.shutdownNow();
            }
            assertEquals(25, dispatcher.stats().get(7000).reserved());
            assertEquals(25, dispatcher.stats().get(7001).reserved());
        }
    }

    @Test
    void aPartyGetsItsSeatsTogetherOnOneServerOrNotAtAll() throws Exception {
        start("fleet.max-players", "4", "fleet.max-servers", "2");
        try (FakeBattleServerLink a = FakeBattleServerLink.register(dispatcher, 7000, 1);
             FakeBattleServerLink b = FakeBattleServerLink.register(dispatcher, 7001, 3)) {
            assertEquals("127.0.0.1:7000", dispatcher.ask("get|3"));
            assertTrue(dispatcher.ask("get|2").startsWith("ERR full"), "one free seat on each server is no room for two");
            assertEquals("127.0.0.1:7001", dispatcher.ask("get"));
            assertEquals(new TestDispatcher.Row("READY", 1, 3, 0), dispatcher.stats().get(7000));
            assertEquals(new TestDispatcher.Row("READY", 3, 1, 0), dispatcher.stats().get(7001));
            assertEquals("ERR seat count must be 1 to 64: 0", dispatcher.ask("get|0"));
            assertEquals("ERR a party of 5 does not fit a battle server of 4", dispatcher.ask("get|5"));
        }
    }

    @Test
    void unclaimedReservationsExpireAndFreeTheirSeats() throws Exception {
        start("fleet.max-players", "1", "fleet.max-servers", "1", "fleet.reservation-timeout", "300ms");
        try (FakeBattleServerLink ignored = FakeBattleServerLink.register(dispatcher, 7000, 0)) {
            assertEquals("127.0.0.1:7000", dispatcher.ask("get"));
            assertTrue(dispatcher.ask("get").startsWith("ERR full"));
            dispatcher.awaitStats(rows -> rows.get(7000).reserved() == 0);
            assertEquals("127.0.0.1:7000", dispatcher.ask("get"));
        }
    }

    @Test
    void aSessionAnswersPipelinedCommandsInOrder() throws Exception {
        start("fleet.max-players", "1000", "limits.max-seats-per-connection", "1000", "limits.max-seats-per-address", "1000");
        try (FakeBattleServerLink ignored = FakeBattleServerLink.register(dispatcher, 7000, 0);
             LineClient client = new LineClient(dispatcher.port())) {
            StringBuilder batch = new StringBuilder("session\n");
            for (int i = 0; i < 100; i++) {
                batch.append(i % 10 == 9 ? "ping\n" : "get\n");
            }
            batch.append("bogus\nquit\n");
            client.send(batch.toString());
            assertEquals("OK session", client.readLine());
            for (int i = 0; i < 100; i++) {
                assertEquals(i % 10 == 9 ? "PONG" : "127.0.0.1:7000", client.readLine(), "reply " + i);
            }
            assertEquals("ERR unknown command: bogus", client.readLine());
            assertEquals("OK bye", client.readLine());
            assertNull(client.readLine());
            assertEquals(90, dispatcher.stats().get(7000).reserved());
        }
    }

    @Test
    void everyKindOfBadInputGetsAnErrorAndLeavesTheTableAsItWas() throws Exception {
        start("limits.max-line-length", "100");
        try (FakeBattleServerLink link = FakeBattleServerLink.register(dispatcher, 7000, 2)) {
            Map<Integer, TestDispatcher.Row> before = dispatcher.stats();
            assertEquals("ERR unknown command: fetch", dispatcher.ask("fetch"));
            assertEquals("ERR missing port: use add|PORT", dispatcher.ask("add"));
            assertEquals("ERR bad port: x7000", dispatcher.ask("del|x7000"));
            assertEquals("ERR port out of range: 70000", dispatcher.ask("add|70000"));
            assertEquals("ERR too many arguments: use add|PORT or add|PORT|MAPID", dispatcher.ask("add|7000|a|b"));
            assertEquals("ERR forbidden: only registered battle servers report loads", dispatcher.ask("del|7000"));
            assertEquals("ERR forbidden: unknown credential for battle server 7001", dispatcher.ask("register|7001|guess|0|1"));
            assertEquals("ERR empty command", dispatcher.ask(""));
            assertEquals("ERR this link reports for port 7000 only", link.request("add|7001"));
            assertEquals("OK", link.del());
            assertEquals("OK", link.del());
            assertEquals("ERR battle server 7000 has no players", link.del());
            try (LineClient client = new LineClient(dispatcher.port())) {
                client.sendBytes(new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, '\n'});
                assertTrue(client.readLine().startsWith("ERR unknown command"));
            }
            try (LineClient client = new LineClient(dispatcher.port())) {
                client.send("get".repeat(100));
                assertEquals("ERR line too long (limit 100 bytes)", client.readLine());
                assertTrue(client.closedByServer());
            }
            assertEquals(before.get(7000).reserved(), dispatcher.stats().get(7000).reserved());
            assertEquals(0, dispatcher.stats().get(7000).load());
        }
    }

    @Test
    void legacyOneShotReportsAreRefusedByDefaultAndAcceptedFromAllowedAddresses() throws Exception {
        start("security.legacy-report-addresses", "127.0.0.1");
        try (FakeBattleServerLink ignored = FakeBattleServerLink.register(dispatcher, 7000, 0)) {
            assertEquals("OK", dispatcher.ask("add|7000"));
            assertEquals("OK", dispatcher.ask("add|7000"));
            assertEquals("OK", dispatcher.ask("del|7000"));
            assertEquals(1, dispatcher.stats().get(7000).load());
            assertEquals("ERR unknown port 7005", dispatcher.ask("add|7005"));
        }
    }

    @Test
    void aLostControlLinkTakesTheServerOutOfRoutingAndAReRegistrationBringsItBack() throws Exception {
        start("fleet.max-servers", "1");
        FakeBattleServerLink link = FakeBattleServerLink.register(dispatcher, 7000, 4);
        link.dropLink();
        dispatcher.awaitStats(rows -> rows.get(7000).state().equals("UNRESPONSIVE"));
        assertTrue(dispatcher.ask("get").startsWith("ERR full"), "no routing to a server without its link");
        try (FakeBattleServerLink again = link.reconnect(dispatcher, 6)) {
            assertEquals(new TestDispatcher.Row("READY", 6, 0, 0), dispatcher.stats().get(7000));
            assertEquals("127.0.0.1:7000", dispatcher.ask("get"));
        }
    }

    @Test
    void aServerThatDiesLeavesRoutingAtOnce() throws Exception {
        // A server the dispatcher did not launch: its pid is never trusted, so its death is seen by its link
        // (and it is forgotten after fleet.heartbeat-timeout of silence, 30 s here; FleetLifecycleTest).
        start("fleet.max-servers", "2");
        try (FakeBattleServerLink doomed = FakeBattleServerLink.register(dispatcher, 7000, 0);
             FakeBattleServerLink survivor = FakeBattleServerLink.register(dispatcher, 7001, 5)) {
            assertEquals("127.0.0.1:7000", dispatcher.ask("get"));
            doomed.crash();
            dispatcher.awaitStats(rows -> !rows.containsKey(7000) || !rows.get(7000).state().equals("READY"));
            assertEquals("127.0.0.1:7001", dispatcher.ask("get"));
        }
    }

    @Test
    void utf8TextIsReadAsUtf8() throws Exception {
        start();
        try (LineClient client = new LineClient(dispatcher.port())) {
            client.sendBytes("获取\n".getBytes(StandardCharsets.UTF_8));
            assertEquals("ERR unknown command: ??", client.readLine());
        }
    }
}
