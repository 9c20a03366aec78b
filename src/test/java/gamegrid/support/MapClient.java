package gamegrid.support;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A player on a map server, as a person with {@code nc} would be: sends lines, and reads until the line it
 * waits for, keeping what it skipped (other players' comings and goings) for the test to look at.
 */
public final class MapClient implements Closeable {
    private final LineClient line;
    private final List<String> seen = new ArrayList<>();

    public MapClient(int port) throws IOException {
        this(new LineClient(port));
    }

    /** A player on a connection made elsewhere (for example from another host, {@code NetnsHosts.connect}). */
    public MapClient(LineClient line) {
        this.line = line;
    }

    /** Connects and enters with {@code ticket} (and {@code token}, if not null). */
    public static MapClient entering(int port, String ticket, String token) throws IOException {
        return entering(new LineClient(port), ticket, token);
    }

    /** Enters over {@code line} with {@code ticket} (and {@code token}, if not null). */
    public static MapClient entering(LineClient line, String ticket, String token) throws IOException {
        MapClient client = new MapClient(line);
        client.send(token == null ? "enter|" + ticket : "enter|" + ticket + "|" + token);
        return client;
    }

    public MapClient send(String command) throws IOException {
        line.send(command + "\n");
        return this;
    }

    /** Reads lines until one starts with {@code prefix} (or {@code ERR}, which ends every wait); returns it. */
    public String await(String prefix) throws IOException {
        while (true) {
            String next = line.readLine();
            if (next == null) {
                throw new IOException("closed by the server while waiting for " + prefix + "; saw " + seen);
            }
            seen.add(next);
            if (next.startsWith(prefix) || next.startsWith("ERR")) {
                return next;
            }
        }
    }

    /** Sends a command and waits for the answer that starts with {@code prefix} (or an ERR). */
    public String ask(String command, String prefix) throws IOException {
        send(command);
        return await(prefix);
    }

    /** Walks {@code steps} tiles towards {@code direction} ({@code n}, {@code s}, {@code e}, {@code w}); returns the last MOVED. */
    public String walk(String direction, int steps) throws IOException {
        String last = null;
        for (int i = 0; i < steps; i++) {
            last = ask("move|" + direction, "MOVED");
            if (!last.startsWith("MOVED")) {
                throw new IOException("move|" + direction + " answered " + last);
            }
        }
        return last;
    }

    /** Everything read so far. */
    public List<String> seen() {
        return seen;
    }

    public boolean closedByServer() throws IOException {
        while (true) {
            String next;
            try {
                next = line.readLine();
            } catch (java.net.SocketTimeoutException stillOpen) {
                return false;
            } catch (IOException reset) {
                return true;
            }
            if (next == null) {
                return true;
            }
            seen.add(next);
        }
    }

    public LineClient raw() {
        return line;
    }

    @Override
    public void close() throws IOException {
        line.close();
    }
}
