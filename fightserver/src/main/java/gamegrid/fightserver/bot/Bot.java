package gamegrid.fightserver.bot;

import gamegrid.protocol.config.SettingsException;

/**
 * Command-line bot: plays battles against a battle server, found directly or through the dispatcher, or
 * ({@code --mode=world}) walks the world of map servers, and prints a one-line summary. Exits 0 when no bot met an error, 1 otherwise, 2 on bad arguments.
 */
public final class Bot {
    private Bot() {
    }

    public static void main(String[] args) throws Exception {
        if (java.util.Arrays.asList(args).contains("--mode=world")) {
            world(args);
            return;
        }
        BotPlan plan;
        try {
            plan = BotPlan.parse(args);
        } catch (SettingsException e) {
            System.err.println("bot: " + e.getMessage());
            System.err.println(BotPlan.USAGE);
            System.exit(2);
            return;
        }
        RunReport report = BotRun.run(plan);
        System.out.println(report.summary());
        report.errorSamples().forEach(error -> System.out.println("error: " + error));
        System.exit(report.errors() == 0 ? 0 : 1);
    }

    /** {@code --mode=world}: bots walk the maps, change maps, fight, and check their state. */
    private static void world(String[] args) throws Exception {
        WorldPlan plan;
        try {
            plan = WorldPlan.parse(args);
        } catch (SettingsException e) {
            System.err.println("bot: " + e.getMessage());
            System.err.println(WorldPlan.USAGE);
            System.exit(2);
            return;
        }
        WorldReport report = WorldRun.run(plan);
        System.out.println(report.summary());
        report.errorSamples().forEach(error -> System.out.println("error: " + error));
        System.exit(report.errors() == 0 && report.mismatches() == 0 ? 0 : 1);
    }
}
