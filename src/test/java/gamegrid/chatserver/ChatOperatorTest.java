package gamegrid.chatserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.protocol.chat.ChatCommand;
import gamegrid.protocol.chat.ChatEvent;
import gamegrid.protocol.chat.ChatOperator;
import gamegrid.protocol.chat.ServerProof;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The operator's client of the chat protocol (behind announce.sh and the dispatcher's announce) against a real chat server. */
class ChatOperatorTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @RegisterExtension
    final ChatServerExtension chat = new ChatServerExtension();
    private final EventLoopGroup group = new NioEventLoopGroup(1);

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private ChatEvent ask(int port, String secret, ChatCommand command, Duration timeout) {
        return ChatOperator.ask(group, new InetSocketAddress("127.0.0.1", port), new ServerProof(secret), command, timeout).join();
    }

    @Test
    void commandsAreAnsweredAndAnotherWorldsSecretOpensNoSession() throws Exception {
        try (ChatClient ann = chat.login("ann")) {
            assertEquals(new ChatEvent.Ok("announce", "1", "1"),
                    ask(chat.port(), ChatServerExtension.SECRET, new ChatCommand.Announce("维护 at noon"), TIMEOUT));
            ann.expect("MSG|announce|1|operator|维护 at noon");
            assertEquals(new ChatEvent.Err("unknown player: zed"),
                    ask(chat.port(), ChatServerExtension.SECRET, new ChatCommand.Mute("zed", Duration.ofMinutes(1)), TIMEOUT));

            CompletionException refused = assertThrows(CompletionException.class,
                    () -> ask(chat.port(), "another world", new ChatCommand.Announce("forged"), TIMEOUT));
            assertEquals("the chat server refused the operator session: ERR forbidden: bad proof", refused.getCause().getMessage());
            ann.expectNothing(200);
        }
    }

    @Test
    void aServerThatIsGoneOrSilentFailsTheAnswerWithinTheTimeout() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        int port = closedPort;
        CompletionException gone = assertThrows(CompletionException.class,
                () -> ask(port, ChatServerExtension.SECRET, new ChatCommand.Announce("hello"), TIMEOUT));
        assertTrue(gone.getCause().getMessage().startsWith("cannot reach the chat server"), gone.getCause().getMessage());

        try (ServerSocket silent = new ServerSocket(0)) { // accepts connections (the backlog does) and never answers
            long start = System.nanoTime();
            CompletionException timedOut = assertThrows(CompletionException.class,
                    () -> ask(silent.getLocalPort(), ChatServerExtension.SECRET, new ChatCommand.Announce("hello"), Duration.ofMillis(300)));
            assertEquals("the chat server did not answer within 300 ms", timedOut.getCause().getMessage());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3), "bounded by the timeout");
        }
    }
}
