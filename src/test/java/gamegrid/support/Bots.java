package gamegrid.support;

import gamegrid.fightserver.bot.BotPlan;
import gamegrid.fightserver.bot.BotRun;
import gamegrid.fightserver.bot.RunReport;
import java.util.concurrent.CompletableFuture;

/** Bot runs in the background of a test. */
public final class Bots {
    private Bots() {
    }

    public static CompletableFuture<RunReport> runAsync(BotPlan plan) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return BotRun.run(plan);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }
}
