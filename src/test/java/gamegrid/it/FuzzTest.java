package gamegrid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.fightserver.bot.BotPlan;
import gamegrid.fightserver.bot.BotRun;
import gamegrid.fightserver.bot.RunReport;
import gamegrid.protocol.battle.Event;
import gamegrid.support.LineClient;
import gamegrid.support.SpawnedProcessReaper;
import gamegrid.support.TestDispatcher;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random and mutated commands, bounded in count, against a live dispatcher and a live battle server it
 * launched; then every invariant: no forged report moved a load, no load out of bounds, every endpoint
 * handed out was a live server, and both daemons still serve real players.
 */
@ExtendWith(SpawnedProcessReaper.class)
class FuzzTest {
    private static final int MAX_PLAYERS = 40;
    private static final int LINES_PER_TARGET = 3000;
    private static final String[] DISPATCH_VERBS = {"get", "add", "del", "stats", "session", "register", "ping", "quit"};
    private static final String[] BATTLE_VERBS = {"pve", "pvp", "attack", "defend", "skill", "ping", "quit"};

    @TempDir
    Path dir;

    @Test
    void randomAndMutatedCommandsBreakNoInvariantOfEitherDaemon() throws Exception {
        // Replay a failure with -Dfuzz.seed=SEED (printed here and in every assertion message).
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("FuzzTest seed " + seed + " (replay: mvn test -Dtest=FuzzTest -Dfuzz.seed=" + seed + ")");
        Random random = new Random(seed);
        try (TestDispatcher dispatcher = TestDispatcher.start(dir, "fleet.max-players", String.valueOf(MAX_PLAYERS),
                "fleet.min-servers", "1", "fleet.max-servers", "2", "fleet.reservation-timeout", "500ms",
                "fleet.first-port", String.valueOf(20_000 + (int) (ProcessHandle.current().pid() % 20_000)),
                "limits.max-line-length", "128")) {
            int battlePort = dispatcher.awaitStats(rows -> rows.size() == 1 && rows.values().iterator().next().state().equals("READY"))
                    .keySet().iterator().next();

            List<String> endpoints = new ArrayList<>();
            fuzz(dispatcher.port(), random, () -> mutate(random, DISPATCH_VERBS, battlePort), endpoints);
            Map<Integer, TestDispatcher.Row> afterDispatchFuzz = dispatcher.stats();
            for (TestDispatcher.Row row : afterDispatchFuzz.values()) {
                assertEquals(0, row.load(), "no forged add/del moved a load (seed " + seed + ")");
                assertTrue(row.reserved() <= MAX_PLAYERS, "reservations within the cap: " + row);
            }
            for (String endpoint : endpoints) {
                int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
                assertTrue(afterDispatchFuzz.containsKey(port), endpoint + " was a server of the fleet (seed " + seed + ")");
            }

            fuzz(battlePort, random, () -> mutate(random, BATTLE_VERBS, battlePort), new ArrayList<>());
            // Every fuzzing connection is closed: every seat it took must have been given back and reported.
            dispatcher.awaitStats(rows -> rows.values().stream().allMatch(r -> r.load() == 0));

            RunReport report = BotRun.run(new BotPlan(InetSocketAddress.createUnresolved("127.0.0.1", dispatcher.port()),
                    true, Event.Mode.PVP, 2, 4, Duration.ofSeconds(60)));
            assertEquals(0, report.errors(), report.summary() + " " + report.errorSamples() + " (seed " + seed + ")");
            assertEquals(8, report.won() + report.lost() + report.drawn());
            dispatcher.awaitStats(rows -> rows.values().stream().allMatch(r -> r.load() == 0));
        }
    }

    /**
     * Sends {@link #LINES_PER_TARGET} lines over a mix of connections: some pipelined, some one line each,
     * some raw bytes with no line end. Collects every {@code HOST:PORT} reply.
     */
    private static void fuzz(int port, Random random, Supplier<String> lines, List<String> endpoints) throws IOException {
        int sent = 0;
        while (sent < LINES_PER_TARGET) {
            try (LineClient client = new LineClient(port)) {
                client.setReadTimeout(2_000);
                int batch = 1 + random.nextInt(40);
                StringBuilder text = new StringBuilder(random.nextBoolean() ? "session\n" : "");
                for (int i = 0; i < batch; i++) {
                    text.append(lines.get()).append('\n');
                }
                if (random.nextInt(10) == 0) {
                    byte[] garbage = new byte[1 + random.nextInt(200)];
                    random.nextBytes(garbage);
                    client.sendBytes(garbage);
                }
                client.sendBytes(text.toString().getBytes(StandardCharsets.UTF_8));
                client.shutdownOutput();
                String reply;
                while ((reply = readQuietly(client)) != null) {
                    if (reply.matches("127\\.0\\.0\\.1:\\d+")) {
                        endpoints.add(reply);
                    }
                }
                sent += batch;
            }
        }
        assertNotNull(LineClient.ask(port, "ping"), "still answering after the fuzz");
    }

    private static String readQuietly(LineClient client) {
        try {
            return client.readLine();
        } catch (IOException e) {
            return null; // reset or timeout: the daemon closed on us, which is a fair answer to garbage
        }
    }

    /** A valid command, a valid verb with mutated arguments, or noise. */
    private static String mutate(Random random, String[] verbs, int realPort) {
        String verb = verbs[random.nextInt(verbs.length)];
        String[] arguments = {String.valueOf(realPort), "1", "2", "0", "-1", "65536", "99999999999", "x", "", "smash",
                "heal", "room", "获取", "1e3", " 7", "\u0000", "|"};
        StringBuilder line = new StringBuilder(random.nextInt(8) == 0 ? verb.toUpperCase() : verb);
        int count = random.nextInt(5);
        for (int i = 0; i < count; i++) {
            line.append('|').append(arguments[random.nextInt(arguments.length)]);
        }
        if (random.nextInt(20) == 0) {
            line.append("x".repeat(random.nextInt(300)));
        }
        return line.toString();
    }
}
