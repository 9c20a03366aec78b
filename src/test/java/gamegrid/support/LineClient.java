package gamegrid.support;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A plain blocking line client for tests: what a person with {@code nc} would do, with timeouts. */
public final class LineClient implements Closeable {
    private static final int READ_TIMEOUT_MS = 10_000;

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    public LineClient(int port) throws IOException {
        this(port, null);
    }

    /** Connects from {@code localAddress} (for example 127.0.0.2: another client address on loopback). */
    public LineClient(int port, InetAddress localAddress) throws IOException {
        this(connect(port, localAddress));
    }

    /** Speaks over {@code connected}, a socket connected elsewhere (for example {@code NetnsHosts.connect}). */
    public LineClient(Socket connected) throws IOException {
        socket = connected;
        socket.setSoTimeout(READ_TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    private static Socket connect(int port, InetAddress localAddress) throws IOException {
        Socket socket = new Socket();
        if (localAddress != null) {
            socket.bind(new InetSocketAddress(localAddress, 0));
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return socket;
    }

    /** Sends one command on a new connection and returns the single reply line. */
    public static String ask(int port, String command) throws IOException {
        try (LineClient client = new LineClient(port)) {
            client.send(command + "\n");
            return client.readLine();
        }
    }

    /** {@link #ask} from another client address. */
    public static String askFrom(InetAddress localAddress, int port, String command) throws IOException {
        try (LineClient client = new LineClient(port, localAddress)) {
            client.send(command + "\n");
            return client.readLine();
        }
    }

    /** Writes raw text: no line end is added. */
    public LineClient send(String text) throws IOException {
        return sendBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    public LineClient sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Sends the line and reads one reply line. */
    public String request(String line) throws IOException {
        send(line + "\n");
        return readLine();
    }

    /** The next line, or null when the server closed the connection. */
    public String readLine() throws IOException {
        return in.readLine();
    }

    public List<String> readLines(int count) throws IOException {
        List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lines.add(readLine());
        }
        return lines;
    }

    /** Whether the server closed the connection: end of stream within the read timeout. */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the server
        }
    }

    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    public void setReadTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
