package gamegrid.chatserver.bot;

import gamegrid.protocol.config.SettingsException;
import gamegrid.protocol.ticket.TicketAuthority;

/**
 * Command-line chat bots ({@code scripts/bot.sh --mode=chat}): a run of players that chat on every kind of
 * channel and check what they receive. Prints a one-line summary; exits 0 when every check held, 1 otherwise,
 * 2 on bad arguments.
 */
public final class ChatBot {
    private ChatBot() {
    }

    public static void main(String[] args) throws InterruptedException {
        ChatBotPlan plan;
        String secret = System.getenv(TicketAuthority.SECRET_ENV);
        try {
            plan = ChatBotPlan.parse(args);
            if (secret == null || secret.isEmpty()) {
                throw new SettingsException(java.util.List.of("the world's secret, to mint tickets, must be in " + TicketAuthority.SECRET_ENV));
            }
        } catch (SettingsException e) {
            System.err.println("bot: " + e.getMessage());
            System.err.println(ChatBotPlan.USAGE);
            System.exit(2);
            return;
        }
        ChatRunReport report = ChatBotRun.run(plan, secret);
        System.out.println(report.summary());
        report.errorSamples().forEach(error -> System.out.println("error: " + error));
        System.exit(report.clean() ? 0 : 1);
    }
}
