package gamegrid.protocol.dispatch;

import gamegrid.protocol.Fields;
import gamegrid.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * The dispatcher wire format as pure functions: lines to {@link Request}s and {@link Reply}s and back.
 * Lines arrive here without their line end.
 */
public final class DispatchCodec {
    /** Commands that take no arguments, so a line holding exactly one of them is complete even without its end. */
    public static final Set<String> ARGUMENTLESS_VERBS = Set.of("get", "stats", "session", "ping", "quit");

    private static final String STATS_HEADER = "STATS ";
    private static final ByteBuf GET = Unpooled.unreleasableBuffer(
            Unpooled.copiedBuffer("get", StandardCharsets.US_ASCII)).asReadOnly();

    private DispatchCodec() {
    }

    /**
     * Parses one request line from its bytes. A bare {@code get}, nearly all of a dispatcher's traffic, is
     * recognised without building a String.
     */
    public static Request parseRequest(ByteBuf line) {
        return ByteBufUtil.equals(line, GET) ? Request.Get.ONE : parseRequest(line.toString(StandardCharsets.UTF_8));
    }

    /** Parses one request line; a bad line becomes {@link Request.Invalid} so it is answered in order. */
    public static Request parseRequest(String line) {
        try {
            return parseOrThrow(line.strip());
        } catch (ProtocolException e) {
            return new Request.Invalid(e.getMessage());
        }
    }

    private static Request parseOrThrow(String line) throws ProtocolException {
        if (line.isEmpty()) {
            throw new ProtocolException("empty command");
        }
        String[] parts = line.split("\\|", -1);
        String verb = parts[0];
        return switch (verb) {
            case "get" -> get(parts);
            case "stats" -> noArguments(parts, new Request.Stats());
            case "session" -> noArguments(parts, new Request.Session());
            case "ping" -> noArguments(parts, new Request.Ping());
            case "quit" -> noArguments(parts, new Request.Quit());
            case "add" -> new Request.Add(Fields.port(onlyArgument(parts)));
            case "del" -> new Request.Del(Fields.port(onlyArgument(parts)));
            case "register" -> register(parts);
            default -> throw new ProtocolException("unknown command: " + Fields.printable(verb));
        };
    }

    private static Request noArguments(String[] parts, Request request) throws ProtocolException {
        if (parts.length != 1) {
            throw new ProtocolException(parts[0] + " takes no arguments");
        }
        return request;
    }

    private static String onlyArgument(String[] parts) throws ProtocolException {
        if (parts.length < 2) {
            throw new ProtocolException("missing port: use " + parts[0] + "|PORT");
        }
        if (parts.length > 2) {
            throw new ProtocolException("too many arguments: use " + parts[0] + "|PORT");
        }
        return parts[1];
    }

    private static Request get(String[] parts) throws ProtocolException {
        if (parts.length == 1) {
            return Request.Get.ONE;
        }
        if (parts.length > 2) {
            throw new ProtocolException("too many arguments: use get or get|SEATS");
        }
        int seats = Fields.number(parts[1], "seat count");
        if (seats < 1 || seats > Request.Get.MAX_SEATS) {
            throw new ProtocolException("seat count must be 1 to " + Request.Get.MAX_SEATS + ": " + seats);
        }
        return new Request.Get(seats);
    }

    private static Request register(String[] parts) throws ProtocolException {
        if (parts.length != 5) {
            throw new ProtocolException("use register|PORT|SECRET|LOAD|PID");
        }
        int port = Fields.port(parts[1]);
        String secret = parts[2];
        if (secret.isEmpty()) {
            throw new ProtocolException("missing secret");
        }
        return new Request.Register(port, secret, Fields.number(parts[3], "load"), Fields.number(parts[4], "pid"));
    }

    /** Formats a request as its line. */
    public static String formatRequest(Request request) {
        // Java 17 has no pattern switch; the sealed hierarchy keeps this chain complete.
        if (request instanceof Request.Get g) {
            return g.seats() == 1 ? "get" : "get|" + g.seats();
        } else if (request instanceof Request.Add a) {
            return "add|" + a.port();
        } else if (request instanceof Request.Del d) {
            return "del|" + d.port();
        } else if (request instanceof Request.Stats) {
            return "stats";
        } else if (request instanceof Request.Session) {
            return "session";
        } else if (request instanceof Request.Register r) {
            return "register|" + r.port() + "|" + r.secret() + "|" + r.load() + "|" + r.pid();
        } else if (request instanceof Request.Ping) {
            return "ping";
        } else if (request instanceof Request.Quit) {
            return "quit";
        }
        throw new IllegalArgumentException("no line for " + request);
    }

    /** Formats a reply as its lines: one line, or for {@code stats} a header and one row per server. */
    public static List<String> formatReply(Reply reply) {
        String text = appendReply(reply, new StringBuilder()).toString();
        return List.of(text.substring(0, text.length() - 1).split("\n", -1));
    }

    /** Appends a reply's lines to {@code out}, each ended by {@code \n}; encoders write it without a String in between. */
    public static StringBuilder appendReply(Reply reply, StringBuilder out) {
        if (reply instanceof Reply.Endpoint e) {
            out.append(e.host()).append(':').append(e.port());
        } else if (reply instanceof Reply.Ok ok) {
            out.append(ok.detail().isEmpty() ? "OK" : "OK ").append(ok.detail());
        } else if (reply instanceof Reply.Pong) {
            out.append("PONG");
        } else if (reply instanceof Reply.Err err) {
            out.append("ERR ").append(err.reason());
        } else if (reply instanceof Reply.Drain) {
            out.append("DRAIN");
        } else if (reply instanceof Reply.Stats stats) {
            out.append(STATS_HEADER).append(stats.servers().size());
            for (Reply.ServerRow row : stats.servers()) {
                out.append('\n').append(row.port()).append(' ').append(row.state()).append(" load=").append(row.load())
                        .append(" reserved=").append(row.reserved()).append(" pid=").append(row.pid());
            }
        } else {
            throw new IllegalArgumentException("no lines for " + reply);
        }
        return out.append('\n');
    }

    /**
     * Parses a one-line reply. A {@code STATS N} header comes back as a {@link Reply.Stats} with no rows;
     * use {@link #statsRowCount} and {@link #parseServerRow} to read the block that follows.
     */
    public static Reply parseReply(String line) throws ProtocolException {
        if (line.equals("OK")) {
            return Reply.Ok.PLAIN;
        }
        if (line.startsWith("OK ")) {
            return new Reply.Ok(line.substring(3));
        }
        if (line.startsWith("ERR ")) {
            return new Reply.Err(line.substring(4));
        }
        if (line.equals("PONG")) {
            return new Reply.Pong();
        }
        if (line.equals("DRAIN")) {
            return new Reply.Drain();
        }
        if (line.startsWith(STATS_HEADER)) {
            statsRowCount(line);
            return new Reply.Stats(List.of());
        }
        int colon = line.lastIndexOf(':');
        if (colon > 0) {
            return new Reply.Endpoint(line.substring(0, colon), Fields.port(line.substring(colon + 1)));
        }
        throw new ProtocolException("unknown reply: " + Fields.printable(line));
    }

    /** The number of rows announced by a {@code STATS N} header. */
    public static int statsRowCount(String header) throws ProtocolException {
        if (!header.startsWith(STATS_HEADER)) {
            throw new ProtocolException("not a stats header: " + Fields.printable(header));
        }
        return Fields.number(header.substring(STATS_HEADER.length()), "row count");
    }

    /** Parses one {@code PORT STATE load=N reserved=N pid=N} row of a stats block. */
    public static Reply.ServerRow parseServerRow(String line) throws ProtocolException {
        String[] words = line.split(" ");
        if (words.length != 5) {
            throw new ProtocolException("bad stats row: " + Fields.printable(line));
        }
        return new Reply.ServerRow(Fields.port(words[0]), words[1],
                Fields.number(value(words[2], "load="), "load"),
                Fields.number(value(words[3], "reserved="), "reserved"),
                Fields.number(value(words[4], "pid="), "pid"));
    }

    private static String value(String word, String key) throws ProtocolException {
        if (!word.startsWith(key)) {
            throw new ProtocolException("expected " + key + " in stats row");
        }
        return word.substring(key.length());
    }
}
