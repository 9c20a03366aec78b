package gamegrid.protocol;

import java.net.InetSocketAddress;

/** Parsing of the small field types shared by the wire formats, with the error text clients see. */
public final class Fields {
    /** Separator between a verb and its arguments, as in the original {@code add|7001}. */
    public static final char SEPARATOR = '|';

    private Fields() {
    }

    /** Parses a TCP port, 1 to 65535. */
    public static int port(String text) throws ProtocolException {
        int port = number(text, "port");
        if (port < 1 || port > 65_535) {
            throw new ProtocolException("port out of range: " + text);
        }
        return port;
    }

    /** Parses {@code HOST:PORT} into an unresolved address. */
    public static InetSocketAddress hostAndPort(String text) throws ProtocolException {
        int colon = text.lastIndexOf(':');
        if (colon < 1) {
            throw new ProtocolException("expected HOST:PORT: " + printable(text));
        }
        return InetSocketAddress.createUnresolved(text.substring(0, colon), port(text.substring(colon + 1)));
    }

    /** Parses a non-negative decimal number of at most nine digits, so it always fits an int. */
    public static int number(String text, String what) throws ProtocolException {
        if (text.isEmpty()) {
            throw new ProtocolException("missing " + what);
        }
        if (text.length() > 9 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ProtocolException("bad " + what + ": " + printable(text));
        }
        return Integer.parseInt(text);
    }

    /** Shortens and sanitises client text before it is echoed back in an error or a log line. */
    public static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), 32));
        for (int i = 0; i < text.length() && out.length() < 32; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return text.length() > 32 ? out + "..." : out.toString();
    }
}
