package gamegrid.fightserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.fightserver.bot.BotPlan;
import gamegrid.fightserver.bot.BotRun;
import gamegrid.fightserver.bot.RunReport;
import gamegrid.protocol.battle.Event;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bots playing whole battles on a real battle server over loopback, one at a time and many at once. */
class BotBattlesTest {
    private static final Duration RUN_LIMIT = Duration.ofSeconds(20);

    @RegisterExtension
    final BattleServerExtension battle = BattleServerExtension.forBots();

    private RunReport runBots(Event.Mode mode, int concurrency, int battles) throws InterruptedException {
        RunReport report = BotRun.run(new BotPlan(battle.address(), false, mode, concurrency, battles, RUN_LIMIT));
        assertEquals(List.of(), report.errorSamples());
        assertEquals(0, report.unfinished(), report.summary());
        assertEquals(battles, report.battles());
        battle.assertSeats(0);
        assertEquals(battle.seats().taken(), battle.seats().released());
        return report;
    }

    @Test
    void aBotPlaysAPveBattleToItsResultAndGivesItsSeatBack() throws InterruptedException {
        RunReport report = runBots(Event.Mode.PVE, 1, 1);
        assertEquals(1, report.won() + report.lost() + report.drawn());
        assertTrue(report.rounds() >= 1);
        assertEquals(1, battle.seats().taken());
    }

    @Test
    void twoBotsInPvpPlayOneBattleThatOneWinsAndTheOtherLoses() throws InterruptedException {
        RunReport report = runBots(Event.Mode.PVP, 1, 1);
        assertTrue(report.won() == 1 && report.lost() == 1 || report.drawn() == 2, report.summary());
        assertEquals(2, battle.seats().taken());
    }

    @Test
    void manyBotsAtOncePlayTheirBattlesWithoutDisturbingEachOther() throws InterruptedException {
        RunReport pve = runBots(Event.Mode.PVE, 8, 40);
        assertEquals(40, pve.won() + pve.lost() + pve.drawn());
        RunReport pvp = runBots(Event.Mode.PVP, 4, 12);
        assertEquals(pvp.won(), pvp.lost(), "every PvP battle has a winner and a loser, or two draws");
        assertEquals(40 + 24, battle.seats().taken());
    }

}
