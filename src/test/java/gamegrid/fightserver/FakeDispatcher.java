package gamegrid.fightserver;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the dispatcher's one-shot {@code get} on loopback: answers each connection's first line
 * with a fixed reply and closes, counting the {@code get}s ({@code get} or {@code get|SEATS}).
 */
final class FakeDispatcher implements AutoCloseable {
    private static final int READ_TIMEOUT_MS = 5_000;

    private final ServerSocket socket;
    private final String reply;
    private final AtomicInteger gets = new AtomicInteger();
    private final Thread acceptor;

    FakeDispatcher(String reply) throws IOException {
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.reply = reply;
        this.acceptor = new Thread(this::serve, "fake-dispatcher");
        acceptor.start();
    }

    /** Answers until closed; each connection is served before the next is accepted, as the test needs no more. */
    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                client.setSoTimeout(READ_TIMEOUT_MS);
                BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
                String request = in.readLine();
                if (request != null && (request.equals("get") || request.startsWith("get|"))) {
                    gets.incrementAndGet();
                }
                OutputStream out = client.getOutputStream();
                out.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                // closed while accepting, or a client that went away: either way, on to the next
            }
        }
    }

    InetSocketAddress address() {
        return new InetSocketAddress(socket.getInetAddress(), socket.getLocalPort());
    }

    int gets() {
        return gets.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            acceptor.join(READ_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
