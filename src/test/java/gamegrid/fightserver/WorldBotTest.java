package gamegrid.fightserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.fightserver.bot.WorldPlan;
import gamegrid.fightserver.bot.WorldReport;
import gamegrid.fightserver.bot.WorldRun;
import gamegrid.protocol.Fields;
import gamegrid.support.FakeMapDirectory;
import gamegrid.support.MapServerFixture;
import gamegrid.support.MapServerProcess;
import gamegrid.support.MemcachedProcess;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** World bots on a real map server, battle server and memcached: they change maps, fight, and lose nothing. */
class WorldBotTest {

    @Test
    void worldBotsWalkChangeMapsAndFightWithoutLosingOrDuplicatingState() throws Exception {
        try (MemcachedProcess memcached = MemcachedProcess.start();
             MapServerFixture world = MapServerFixture.start(memcached, null, "encounter-percent", "30");
             FakeMapDirectory directory = new FakeMapDirectory()) {
            BattleServer battles = new BattleServer(new BattleConfig("127.0.0.1", 0, 100, Duration.ofSeconds(2),
                    Duration.ofMillis(200), Duration.ofSeconds(10), 256, 1), new RecordingSeatListener(),
                    InetSocketAddress.createUnresolved("127.0.0.1", memcached.port()), MapServerFixture.TICKETS);
            battles.start();
            try {
                for (String map : new String[] {"town", "forest", "cave", "lake"}) {
                    directory.route(map, world.port());
                }
                directory.battles(battles.port());
                WorldPlan plan = new WorldPlan(Fields.hostAndPort(directory.address()), 6, Duration.ofSeconds(4),
                        Duration.ofMillis(5), MapServerProcess.SECRET, Path.of("config/maps"), "town");
                WorldReport report = WorldRun.run(plan);
                assertEquals(0, report.errors(), report.summary() + " " + report.errorSamples());
                assertEquals(0, report.mismatches(), report.summary() + " " + report.errorSamples());
                assertTrue(report.handoffs() > 0, report.summary());
                assertTrue(report.battles() > 0, report.summary());
                assertTrue(report.moves() > 100, report.summary());
            } finally {
                battles.stop();
            }
        }
    }
}
