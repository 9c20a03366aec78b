package gamegrid.chatserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.protocol.chat.ServerProof;
import gamegrid.protocol.ticket.TicketAuthority;
import gamegrid.support.LineClient;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;

/** A chat player (or operator) for tests: a {@link LineClient} that logs in and checks what arrives. */
final class ChatClient implements AutoCloseable {
    private final LineClient line;
    final String name;

    private ChatClient(LineClient line, String name) {
        this.line = line;
        this.name = name;
    }

    static ChatClient connect(int port, String name) throws IOException {
        return new ChatClient(new LineClient(port), name);
    }

    static String ticket(String secret, String name) {
        return new TicketAuthority(secret).mint(name, Instant.now(), Duration.ofMinutes(5)).token();
    }

    /** Logs in as {@code name} and checks the answer starts {@code OK|login|NAME|}. */
    static ChatClient login(int port, String secret, String name) throws IOException {
        ChatClient client = connect(port, name);
        String answer = client.request("login|" + ticket(secret, name));
        assertTrue(answer.startsWith("OK|login|" + name + "|"), answer);
        return client;
    }

    /** An operator session. */
    static ChatClient admin(int port, String secret) throws IOException {
        ChatClient client = connect(port, "operator");
        assertEquals("OK|admin", client.request("admin|" + new ServerProof(secret).mint(ServerProof.ADMIN, Instant.now())));
        return client;
    }

    String request(String command) throws IOException {
        return line.request(command);
    }

    void send(String command) throws IOException {
        line.send(command + "\n");
    }

    String read() throws IOException {
        return line.readLine();
    }

    /** Reads one line and checks it. */
    void expect(String expected) throws IOException {
        assertEquals(expected, read());
    }

    /** Checks nothing more arrives within {@code millis}: no message this player should not get. */
    void expectNothing(int millis) throws IOException {
        line.setReadTimeout(millis);
        try {
            String unexpected = line.readLine();
            assertNull(unexpected, name + " received " + unexpected);
        } catch (SocketTimeoutException expected) {
            // nothing arrived: as it should be
        } finally {
            line.setReadTimeout(10_000);
        }
    }

    boolean closedByServer() throws IOException {
        return line.closedByServer();
    }

    LineClient raw() {
        return line;
    }

    @Override
    public void close() throws IOException {
        line.close();
    }
}
