package gamegrid.support;

import java.io.IOException;

/**
 * A test standing in for a battle server's control link: it registers over a real socket with the
 * dispatcher's secret and the pid of a real placeholder process ({@code sleep}), which the dispatcher
 * adopts and watches, then reports seats. Used where a test is about the dispatcher, not about spawning.
 */
public final class FakeBattleServerLink implements AutoCloseable {
    private final LineClient client;
    private final int battlePort;
    private final Process placeholder;

    private FakeBattleServerLink(LineClient client, int battlePort, Process placeholder) {
        this.client = client;
        this.battlePort = battlePort;
        this.placeholder = placeholder;
    }

    public static FakeBattleServerLink register(TestDispatcher dispatcher, int battlePort, int load) throws IOException {
        Process placeholder = new ProcessBuilder("sleep", "120").start();
        try {
            return connect(dispatcher, battlePort, load, placeholder);
        } catch (IOException e) {
            placeholder.destroyForcibly();
            throw e;
        }
    }

    /** Registers again on a new connection for the same placeholder process, as a reconnecting server does. */
    public FakeBattleServerLink reconnect(TestDispatcher dispatcher, int load) throws IOException {
        client.close();
        return connect(dispatcher, battlePort, load, placeholder);
    }

    private static FakeBattleServerLink connect(TestDispatcher dispatcher, int battlePort, int load, Process placeholder)
            throws IOException {
        LineClient client = new LineClient(dispatcher.port());
        String reply = client.request("register|" + battlePort + "|" + dispatcher.secret() + "|" + load + "|"
                + placeholder.pid());
        if (!reply.equals("OK registered")) {
            client.close();
            throw new IOException("registration refused: " + reply);
        }
        return new FakeBattleServerLink(client, battlePort, placeholder);
    }

    public long pid() {
        return placeholder.pid();
    }

    /** Drops the control link without ending the process. */
    public void dropLink() throws IOException {
        client.close();
    }

    /** Kills the process, and with it its connection, as a crash does. */
    public void crash() throws IOException {
        placeholder.destroyForcibly();
        client.close();
    }

    public String add() throws IOException {
        return client.request("add|" + battlePort);
    }

    public String del() throws IOException {
        return client.request("del|" + battlePort);
    }

    public String request(String line) throws IOException {
        return client.request(line);
    }

    @Override
    public void close() throws IOException {
        client.close();
        placeholder.destroyForcibly();
    }
}
