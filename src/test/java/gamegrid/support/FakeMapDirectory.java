package gamegrid.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for the dispatcher as map directory, on loopback: answers {@code map|MAPID} with the address the
 * test set for that map (or {@code ERR no server}), {@code get} with the battle server it was given, accepts any {@code register|...} with {@code OK registered}
 * and takes reports ({@code add}, {@code del}, {@code ping}) silently. One thread per connection.
 */
public final class FakeMapDirectory implements AutoCloseable {
    private static final String GET = "get";

    private final ServerSocket socket;
    private final Map<String, String> maps = new ConcurrentHashMap<>();
    private final Thread acceptor;

    public FakeMapDirectory() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptAll, "fake-map-directory");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Where {@code map|MAPID} sends players from now on. */
    public void route(String map, int port) {
        maps.put(map, "127.0.0.1:" + port);
    }

    /** Where {@code get} sends players from now on. */
    public void battles(int port) {
        maps.put(GET, "127.0.0.1:" + port);
    }

    public String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    private void acceptAll() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread serving = new Thread(() -> serve(client), "fake-map-directory-conn");
                serving.setDaemon(true);
                serving.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = client.getOutputStream();
            String line;
            while ((line = in.readLine()) != null) {
                String reply = null;
                if (line.startsWith("map|")) {
                    reply = maps.getOrDefault(line.substring(4), "ERR no server for " + line.substring(4));
                } else if (line.equals(GET) || line.startsWith(GET + "|")) {
                    reply = maps.getOrDefault(GET, "ERR no battle server");
                } else if (line.equals("chat")) {
                    reply = "ERR no chat server";
                } else if (line.startsWith("register|")) {
                    reply = "OK registered";
                }
                if (reply != null) {
                    out.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        } catch (IOException gone) {
            // the client went away
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
