package gamegrid.fightserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A player on a plain blocking socket, typing what a person with {@code nc} would; every read is bounded. */
final class PlayerClient implements Closeable {
    private static final int READ_TIMEOUT_MS = 5_000;
    /** No battle sends more lines than this before the line a test waits for. */
    private static final int MAX_LINES = 2_000;

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    PlayerClient(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MS);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    /** Sends one line. */
    PlayerClient send(String line) throws IOException {
        return sendBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    PlayerClient sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** The next line; fails if none comes in time or the server closed the connection. */
    String next() throws IOException {
        String line = in.readLine();
        assertNotNull(line, "connection closed by the server");
        return line;
    }

    /** Sends a line and checks the very next line the server sends. */
    void expect(String line, String reply) throws IOException {
        send(line);
        assertEquals(reply, next(), "reply to " + line);
    }

    /** Every line up to and including the first that starts with {@code prefix}. */
    List<String> readUntil(String prefix) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < MAX_LINES; i++) {
            String line = next();
            lines.add(line);
            if (line.startsWith(prefix)) {
                return lines;
            }
        }
        return fail("no line starting with " + prefix + " in " + MAX_LINES + " lines");
    }

    /** Joins a PvE battle and reads up to the opening of round 1. */
    List<String> joinPve() throws IOException {
        send("pve");
        return readUntil("ROUND|1|");
    }

    /**
     * Plays fighter 1 of a PvE battle to its end, attacking the first monster still standing each round,
     * and returns the {@code RESULT} line.
     */
    String fightPveToTheEnd() throws IOException {
        Set<Integer> down = new HashSet<>();
        send("attack|1|2");
        for (int i = 0; i < MAX_LINES; i++) {
            String line = next();
            if (line.startsWith("DOWN|")) {
                down.add(Integer.parseInt(line.substring(5)));
            } else if (line.startsWith("ROUND|")) {
                send("attack|1|" + (down.contains(2) ? 3 : 2));
            } else if (line.startsWith("RESULT|")) {
                return line;
            }
        }
        return fail("no result in " + MAX_LINES + " lines");
    }

    /** Whether the server closes the connection within the read timeout, skipping what it sends before. */
    boolean closedByServer() throws IOException {
        try {
            for (int i = 0; i < MAX_LINES; i++) {
                if (in.readLine() == null) {
                    return true;
                }
            }
            return false;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the server
        }
    }

    /** Drops the connection, as a player whose network fails would. */
    void disconnect() throws IOException {
        socket.close();
    }

    @Override
    public void close() throws IOException {
        disconnect();
    }
}
