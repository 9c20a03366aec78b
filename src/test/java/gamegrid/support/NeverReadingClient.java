package gamegrid.support;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hostile client that pipelines one command over and over and never reads a reply, for a bounded time.
 * What it measures is how many bytes the server let it write: a server that stops reading a client it
 * cannot answer holds that figure to a few socket buffers.
 */
public final class NeverReadingClient implements Closeable {
    private static final int CHUNK_BYTES = 64 * 1024;

    private final Socket socket;
    private final AtomicLong written = new AtomicLong();
    private volatile boolean cutOff;
    private Thread writer;

    public NeverReadingClient(int port) throws IOException {
        socket = new Socket();
        socket.setReceiveBufferSize(8 * 1024); // a small window: what the server sends piles up on its side soon
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    }

    /** Writes {@code first} once, then {@code line} plus a line end repeatedly, from a thread, until {@code duration} has passed. */
    public NeverReadingClient flood(String first, String line, Duration duration) throws IOException {
        byte[] chunk = (line + "\n").repeat(CHUNK_BYTES / (line.length() + 1)).getBytes(StandardCharsets.US_ASCII);
        OutputStream out = socket.getOutputStream();
        out.write(first.getBytes(StandardCharsets.US_ASCII));
        long deadline = System.nanoTime() + duration.toNanos();
        writer = new Thread(() -> {
            try {
                while (System.nanoTime() < deadline) {
                    out.write(chunk); // blocks once the server stops reading and the buffers are full
                    written.addAndGet(chunk.length);
                }
            } catch (IOException e) {
                cutOff = !socket.isClosed(); // closed by the server (a reset), not by close()
            }
        }, "never-reading-client");
        writer.setDaemon(true);
        writer.start();
        return this;
    }

    /** Bytes the server let this client write so far. */
    public long written() {
        return written.get();
    }

    /** Whether the server closed the connection while this client was still writing. */
    public boolean cutOffByServer() {
        return cutOff;
    }

    /** Waits until the flood is over: its time is up, or the server cut it off. */
    public void awaitEnd(Duration timeout) throws InterruptedException {
        writer.join(timeout.toMillis());
    }

    /** Stops the flood (a blocked write fails) and closes the connection. */
    @Override
    public void close() throws IOException {
        socket.close();
        if (writer != null) {
            try {
                writer.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
