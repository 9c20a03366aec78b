package gamegrid.dispatcher.fleet;

import java.util.Objects;

/** Where players reach a server, and so who it is: its advertised {@code HOST:PORT}, not the port alone. */
public record ServerAddress(String host, int port) {
    public ServerAddress {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port out of range " + port);
        }
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
