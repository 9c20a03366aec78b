package gamegrid.fightserver.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.protocol.battle.Event;
import gamegrid.protocol.config.SettingsException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The bot's command line. */
class BotPlanTest {

    @Test
    void aFullCommandLineBecomesAPlan() {
        BotPlan plan = BotPlan.parse("--dispatcher=127.0.0.1:6000", "--mode=pvp", "--concurrency=8",
                "--battles=100", "--duration=30s");
        assertEquals(new BotPlan(InetSocketAddress.createUnresolved("127.0.0.1", 6000), true, Event.Mode.PVP,
                8, 100, Duration.ofSeconds(30)), plan);
    }

    @Test
    void onlyTheServerIsNeeded() {
        BotPlan plan = BotPlan.parse("--server=localhost:7000");
        assertEquals(new BotPlan(InetSocketAddress.createUnresolved("localhost", 7000), false, Event.Mode.PVE,
                1, 1, Duration.ofSeconds(60)), plan);
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        SettingsException e = assertThrows(SettingsException.class, () -> BotPlan.parse(
                "--server=host:99999", "--dispatcher=host:6000", "--mode=arena", "--concurrency=0", "--speed=9"));
        String all = String.join("\n", e.problems());
        for (String expected : new String[] {"port out of range", "exactly one of", "expected pve or pvp", "concurrency", "speed"}) {
            assertTrue(all.contains(expected), expected + " missing from:\n" + all);
        }
    }
}
