package gamegrid.chatserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.chatserver.bot.ChatBotPlan;
import gamegrid.chatserver.bot.ChatBotRun;
import gamegrid.chatserver.bot.ChatRunReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The chat bots against a real chat-server JVM: every message where it belongs, once, in order, and nowhere else. */
class ChatBotTest {
    @RegisterExtension
    final ChatServerExtension chat = new ChatServerExtension();

    @Test
    void botsOnWorldMapTeamAndPrivateChannelsReceiveExactlyWhatTheyShould() throws Exception {
        ChatBotPlan plan = ChatBotPlan.parse("--mode=chat", "--server=127.0.0.1:" + chat.port(), "--players=23",
                "--messages=8", "--interval=40ms", "--maps=3", "--team-size=5", "--duration=30s");
        ChatRunReport report = ChatBotRun.run(plan, ChatServerExtension.SECRET);
        assertTrue(report.clean(), report.summary() + " " + report.errorSamples());
        assertEquals(23 * 8, report.sent());
        assertTrue(report.expected() > 23 * 8 * 2, report.summary()); // world messages alone reach 20+ players each
    }

    @Test
    void aBotRunFailsWhenTheServerRefusesItsMessages() throws Exception {
        ChatBotPlan plan = ChatBotPlan.parse("--mode=chat", "--server=127.0.0.1:" + chat.port(), "--players=2",
                "--messages=1", "--duration=10s");
        ChatRunReport report = ChatBotRun.run(plan, "not-the-world-secret");
        assertEquals(false, report.clean());
        assertTrue(report.errorSamples().get(0).contains("forged ticket"), report.errorSamples().toString());
    }
}
