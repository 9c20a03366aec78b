package gamegrid.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.dispatcher.fleet.Fleet;
import gamegrid.dispatcher.fleet.RecordingLauncher;
import gamegrid.dispatcher.fleet.ServerState;
import gamegrid.protocol.config.Settings;
import gamegrid.protocol.dispatch.Request;
import gamegrid.support.Outbound;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The dispatcher's real pipeline on an EmbeddedChannel, over a real fleet with a recording launcher. */
class DispatcherPipelineTest {
    private static final String SECRET = "test-secret";

    private final RecordingLauncher launcher = new RecordingLauncher();
    private final DispatcherConfig config = config();
    private final Fleet fleet = new Fleet(config.fleet(), launcher, Runnable::run, Runnable::run, System::nanoTime, SECRET,
            "127.0.0.1");

    private static DispatcherConfig config() {
        try {
            return DispatcherConfig.from(Settings.read(new StringReader(""), Map.of(
                    "listen.port", "0", "fleet.max-players", "3", "fleet.min-servers", "0", "fleet.max-servers", "2",
                    "fleet.adopt-window", "0ms", "limits.max-line-length", "64", "limits.seed-flush-delay", "20ms")));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private EmbeddedChannel channel() {
        return new EmbeddedChannel(new DispatcherServerInitializer(config, fleet, new ReportPolicy(java.util.Set.of()),
                new DefaultChannelGroup(GlobalEventExecutor.INSTANCE), RequestObserver.NONE));
    }

    private void registerServer(int port) throws Exception {
        fleet.register(new Request.Register(port, SECRET, 0, 4242), new RecordingLauncher.FakeLink()).join();
    }

    private static void send(EmbeddedChannel channel, String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    /** Lines written but not yet read by the test: one buffer may carry several (a stats block). */
    private final java.util.ArrayDeque<String> written = new java.util.ArrayDeque<>();

    /** The next written line without its line end, or null when nothing more was written. */
    private String reply(EmbeddedChannel channel) {
        String text;
        channel.runPendingTasks(); // what the fleet's verdicts posted back to the channel's loop
        while (written.isEmpty() && (text = Outbound.nextText(channel)) != null) {
            assertTrue(text.endsWith("\n"), text);
            written.addAll(java.util.List.of(text.substring(0, text.length() - 1).split("\n", -1)));
        }
        return written.poll();
    }

    @Test
    void aBareGetWithoutALineEndIsAnsweredAtOnceAndTheConnectionCloses() throws Exception {
        registerServer(7000);
        EmbeddedChannel channel = channel();
        send(channel, "get");
        assertEquals("127.0.0.1:7000", reply(channel));
        assertFalse(channel.isOpen());
        assertFalse(channel.finish());
    }

    @Test
    void anUnterminatedReportIsTakenAfterTheFlushDelay() throws Exception {
        registerServer(7000);
        EmbeddedChannel channel = channel();
        send(channel, "add|7000");
        assertNull(reply(channel), "no answer while more bytes may come");
        channel.advanceTimeBy(25, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertEquals("ERR forbidden: only registered battle servers report loads", reply(channel));
        assertEquals(0, fleet.view().join().servers().get(0).players());
        assertFalse(channel.finish());
    }

    @Test
    void aSessionAnswersSplitAndBatchedCommandsInOrder() throws Exception {
        registerServer(7000);
        EmbeddedChannel channel = channel();
        send(channel, "session\nping\nge");
        send(channel, "t\r\nstats\nquit\n");
        assertEquals("OK session", reply(channel));
        assertEquals("PONG", reply(channel));
        assertEquals("127.0.0.1:7000", reply(channel));
        assertEquals("STATS 2", reply(channel));
        assertEquals("kind battle servers=1 ready=1 players=0 reserved=1 failures=0", reply(channel));
        assertEquals("server battle 127.0.0.1:7000 READY load=0 reserved=1 uptime=0", reply(channel));
        assertEquals("OK bye", reply(channel));
        assertFalse(channel.isOpen());
        assertFalse(channel.finish());
    }

    @Test
    void getLinesReadInPlaceKeepTheirPlaceAmongLinesCutByTheFraming() throws Exception {
        registerServer(7000);
        EmbeddedChannel channel = channel();
        // "get" with its line end in a later read: the framing has scanned it once, and must cut the next line too.
        send(channel, "session\nget");
        send(channel, "\nx\nget\nget\r\ngetx\nping\n");
        assertEquals("OK session", reply(channel));
        assertEquals("127.0.0.1:7000", reply(channel));
        assertEquals("ERR unknown command: x", reply(channel));
        assertEquals("127.0.0.1:7000", reply(channel));
        assertEquals("127.0.0.1:7000", reply(channel));
        assertEquals("ERR unknown command: getx", reply(channel));
        assertEquals("PONG", reply(channel));
        assertEquals(3, fleet.view().get().kinds().get(0).reserved(), "three gets, three seats");
        channel.finishAndReleaseAll();
    }

    @Test
    void aGetThatWaitsForANewServerIsAnsweredAfterEarlierRepliesAndBeforeLaterOnes() throws Exception {
        EmbeddedChannel channel = channel();
        send(channel, "session\nget\nping\n");
        assertEquals("OK session", reply(channel));
        assertNull(reply(channel), "the get waits for the server it launched, and the ping waits behind it");
        assertEquals(1, launcher.launched.size());
        fleet.register(new Request.Register(Request.BATTLE, launcher.ports.get(0), launcher.credentials.get(0), 0,
                launcher.launched.get(0).pid(), Map.of()), new RecordingLauncher.FakeLink()).join();
        channel.runPendingTasks();
        assertEquals("127.0.0.1:" + launcher.ports.get(0), reply(channel));
        assertEquals("PONG", reply(channel));
        channel.close();
        assertFalse(channel.finish());
    }

    @Test
    void anOverLongLineGetsAnErrorAndTheConnectionCloses() {
        EmbeddedChannel channel = channel();
        send(channel, "session\n" + "x".repeat(100));
        assertEquals("OK session", reply(channel));
        assertEquals("ERR line too long (limit 64 bytes)", reply(channel));
        assertFalse(channel.isOpen());
        assertFalse(channel.finish());
    }

    @Test
    void aRegistrationWithAWrongSecretIsRefusedAndChangesNothing() {
        EmbeddedChannel channel = channel();
        send(channel, "register|7000|guess|0|4242\n");
        assertEquals("ERR forbidden: unknown credential for battle server 7000", reply(channel));
        assertTrue(fleet.view().join().servers().isEmpty());
        assertFalse(channel.isOpen(), "a refused server is disconnected");
        assertFalse(channel.finish());
    }

    @Test
    void aRegisteredLinkReportsOnlyForItsOwnPort() {
        EmbeddedChannel channel = channel();
        send(channel, "register|7000|" + SECRET + "|1|4242\nadd|7000\nadd|7001\ndel|7000\ndel|7000\ndel|7000\n");
        assertEquals("OK registered", reply(channel));
        assertEquals("OK", reply(channel));
        assertEquals("ERR this link reports for port 7000 only", reply(channel));
        assertEquals("OK", reply(channel));
        assertEquals("OK", reply(channel));
        assertEquals("ERR battle server 7000 has no players", reply(channel));
        assertEquals(0, fleet.view().join().servers().get(0).players());
        channel.close();
        assertEquals(ServerState.UNRESPONSIVE, fleet.view().join().servers().get(0).state(), "a closed link leaves routing");
        assertFalse(channel.finish());
    }

    @Test
    void aFirstRegisterSwapsTheClientHandlerForTheControlLinkHandler() {
        EmbeddedChannel channel = channel();
        assertTrue(channel.pipeline().names().contains(DispatcherServerInitializer.CLIENT_SESSION));
        send(channel, "register|7000|" + SECRET + "|0|4242\nping\n");
        assertEquals("OK registered", reply(channel));
        assertEquals("PONG", reply(channel));
        assertTrue(channel.pipeline().names().contains(DispatcherServerInitializer.CONTROL_LINK));
        assertFalse(channel.pipeline().names().contains(DispatcherServerInitializer.CLIENT_SESSION));
        assertFalse(channel.pipeline().names().contains(DispatcherServerInitializer.IDLE_STATE), "watched by heartbeat");
        channel.close();
        assertFalse(channel.finish());
    }

    @Test
    void aRegisterInTheMiddleOfASessionIsRefusedAndChangesNothing() {
        EmbeddedChannel channel = channel();
        send(channel, "session\nregister|7000|" + SECRET + "|0|4242\nping\n");
        assertEquals("OK session", reply(channel));
        assertEquals("ERR register must be the first command of a connection", reply(channel));
        assertEquals("PONG", reply(channel));
        assertTrue(fleet.view().join().servers().isEmpty());
        channel.close();
        assertFalse(channel.finish());
    }

    @Test
    void aOneShotGetWhoseFleetCallFailsStillGetsAnAnswer() {
        // The fleet's thread refuses work, as a stopped one does: the fleet call fails.
        Fleet failing = new Fleet(config.fleet(), launcher, Runnable::run, task -> {
            throw new java.util.concurrent.RejectedExecutionException("stopped");
        }, System::nanoTime, SECRET, "127.0.0.1");
        EmbeddedChannel channel = new EmbeddedChannel(new DispatcherServerInitializer(config, failing,
                new ReportPolicy(java.util.Set.of()), new DefaultChannelGroup(GlobalEventExecutor.INSTANCE), RequestObserver.NONE));
        send(channel, "get\n");
        assertEquals("ERR internal error", reply(channel));
        assertFalse(channel.isOpen());
        assertFalse(channel.finish());
    }
}
