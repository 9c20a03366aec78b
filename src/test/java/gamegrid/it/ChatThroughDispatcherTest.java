package gamegrid.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.chatserver.bot.ChatBotPlan;
import gamegrid.chatserver.bot.ChatBotRun;
import gamegrid.chatserver.bot.ChatRunReport;
import gamegrid.protocol.ticket.TicketAuthority;
import gamegrid.support.DispatcherProcess;
import gamegrid.support.LineClient;
import gamegrid.support.SpawnedProcessReaper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The chat server as the dispatcher runs it: started with it, found with {@code chat}, restarted after kill -9. */
@ExtendWith(SpawnedProcessReaper.class)
class ChatThroughDispatcherTest {
    @TempDir
    Path dir;

    @Test
    void botsFindTheChatServerThroughTheDispatcherAndItComesBackWithItsStateAfterKillNine() throws Exception {
        int chatPort = DispatcherProcess.freePort();
        try (DispatcherProcess dispatcher = DispatcherProcess.start(dir, DispatcherProcess.freePort(),
                "chat.enabled", "true", "chat.first-port", Integer.toString(chatPort),
                "chat.options", "--state-file=" + dir.resolve("chat-state.tsv") + " --save-interval=50ms")) {
            String secret = Files.readString(dir.resolve("dispatcher.secret")).strip();
            await().atMost(Duration.ofSeconds(30)).until(() -> LineClient.ask(dispatcher.port(), "chat").equals("127.0.0.1:" + chatPort));

            ChatRunReport report = ChatBotRun.run(ChatBotPlan.parse("--mode=chat", "--dispatcher=127.0.0.1:" + dispatcher.port(),
                    "--players=8", "--messages=4", "--interval=300ms", "--maps=2", "--team-size=4", "--duration=30s"), secret);
            assertTrue(report.clean(), report.summary() + " " + report.errorSamples());

            String ticket = new TicketAuthority(secret).mint("ann", Instant.now(), Duration.ofMinutes(5)).token();
            String bobTicket = new TicketAuthority(secret).mint("bob", Instant.now(), Duration.ofMinutes(5)).token();
            try (LineClient bob = new LineClient(chatPort)) {
                assertEquals("OK|login|bob|", bob.request("login|" + bobTicket));
            }
            try (LineClient ann = new LineClient(chatPort)) {
                assertEquals("OK|login|ann|", ann.request("login|" + ticket));
                await().atMost(Duration.ofSeconds(5)).until(() -> ann.request("who|bob").equals("OK|who|bob|offline"));
                assertEquals("OK|tell|bob|1|inbox", ann.request("tell|bob|while you were away"));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(dir.resolve("chat-state.tsv")).contains("while you were away"));
            ProcessHandle chat = ProcessHandle.allProcesses().filter(p -> commandLine(p).contains("ChatServerMain")
                    && commandLine(p).contains("--port=" + chatPort + " ")).findFirst().orElseThrow();
            chat.destroyForcibly();
            chat.onExit().join();

            // The dispatcher starts it again on its port; the inbox survived.
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                try (LineClient bob = new LineClient(chatPort)) {
                    return bob.request("login|" + bobTicket).equals("OK|login|bob|") && bob.readLine().equals("TELL|1|ann|while you were away");
                }
            });
        }
    }

    /** The whole command line from /proc (ProcessHandle.Info cuts long ones short). */
    private static String commandLine(ProcessHandle process) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline")),
                    java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (java.io.IOException | SecurityException e) {
            return "";
        }
    }
}
