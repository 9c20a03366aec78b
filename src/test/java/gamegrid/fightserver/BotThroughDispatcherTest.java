package gamegrid.fightserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.fightserver.bot.BotPlan;
import gamegrid.fightserver.bot.BotRun;
import gamegrid.fightserver.bot.RunReport;
import gamegrid.protocol.battle.Event;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bots that ask the dispatcher where to play, as game clients do: one {@code get} per battle. */
class BotThroughDispatcherTest {
    private static final Duration RUN_LIMIT = Duration.ofSeconds(20);

    @RegisterExtension
    final BattleServerExtension battle = BattleServerExtension.forBots();

    @Test
    void botsAskTheDispatcherOncePerBattleAndPlayWhereItSendsThem() throws Exception {
        try (FakeDispatcher dispatcher = new FakeDispatcher("127.0.0.1:" + battle.server().port())) {
            RunReport pve = BotRun.run(new BotPlan(dispatcher.address(), true, Event.Mode.PVE, 2, 4, RUN_LIMIT));
            RunReport pvp = BotRun.run(new BotPlan(dispatcher.address(), true, Event.Mode.PVP, 2, 2, RUN_LIMIT));
            assertEquals(0, pve.errors() + pvp.errors(), pve.errorSamples() + " " + pvp.errorSamples());
            assertEquals(4, pve.won() + pve.lost() + pve.drawn());
            assertEquals(4, pvp.won() + pvp.lost() + pvp.drawn());
            assertEquals(4 + 2, dispatcher.gets(), "a PvP pair shares one get, so both meet on the same server");
            assertEquals(4 + 4, battle.seats().taken());
            battle.assertSeats(0);
        }
    }

    @Test
    void aDispatcherRefusalIsCountedAsAnErrorAndNoBattleIsPlayed() throws Exception {
        try (FakeDispatcher dispatcher = new FakeDispatcher("ERR no battle server available")) {
            RunReport report = BotRun.run(new BotPlan(dispatcher.address(), true, Event.Mode.PVE, 1, 2, RUN_LIMIT));
            assertEquals(2, report.errors());
            assertTrue(report.errorSamples().get(0).contains("no battle server available"), report.errorSamples().toString());
            assertEquals(2, report.unfinished());
            assertEquals(0, battle.seats().taken());
        }
    }
}
