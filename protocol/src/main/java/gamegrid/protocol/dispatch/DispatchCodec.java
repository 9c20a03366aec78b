package gamegrid.protocol.dispatch;

import gamegrid.protocol.Fields;
import gamegrid.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The dispatcher wire format as pure functions: lines to {@link Request}s and {@link Reply}s and back.
 * Lines arrive here without their line end.
 */
public final class DispatchCodec {
    /** Commands that take no arguments, so a line holding exactly one of them is complete even without its end. */
    public static final Set<String> ARGUMENTLESS_VERBS = Set.of("get", "chat", "stats", "health", "session", "ping", "quit");

    private static final String STATS_HEADER = "STATS ";
    private static final Request CHAT = new Request.Get(Request.CHAT, "", 1);
    /** A host name or an IPv4/IPv6 address as a server advertises it: nothing a line, log or reply could be confused by. */
    private static final java.util.regex.Pattern HOST = java.util.regex.Pattern.compile("[A-Za-z0-9.:_-]{1,253}");
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
            case "map" -> new Request.Get(Request.MAP, route(onlyArgument(parts, "MAPID")), 1);
            case "chat" -> noArguments(parts, CHAT);
            case "stats" -> noArguments(parts, new Request.Stats());
            case "health" -> noArguments(parts, new Request.Health());
            case "session" -> noArguments(parts, new Request.Session());
            case "ping" -> noArguments(parts, new Request.Ping());
            case "quit" -> noArguments(parts, new Request.Quit());
            case "add" -> new Request.Add(Fields.port(portArgument(parts)), optionalRoute(parts));
            case "del" -> new Request.Del(Fields.port(portArgument(parts)), optionalRoute(parts));
            case "register" -> register(parts);
            case "allocated" -> new Request.Allocated(Fields.port(onlyArgument(parts, "PORT")), true);
            case "not-allocated" -> new Request.Allocated(Fields.port(onlyArgument(parts, "PORT")), false);
            default -> throw new ProtocolException("unknown command: " + Fields.printable(verb));
        };
    }

    private static Request noArguments(String[] parts, Request request) throws ProtocolException {
        if (parts.length != 1) {
            throw new ProtocolException(parts[0] + " takes no arguments");
        }
        return request;
    }

    private static String onlyArgument(String[] parts, String name) throws ProtocolException {
        if (parts.length < 2) {
            throw new ProtocolException("missing " + name.toLowerCase(java.util.Locale.ROOT) + ": use " + parts[0] + "|" + name);
        }
        if (parts.length > 2) {
            throw new ProtocolException("too many arguments: use " + parts[0] + "|" + name);
        }
        return parts[1];
    }

    /** {@code add|PORT} from a battle server, {@code add|PORT|MAPID} from a map server. */
    private static String portArgument(String[] parts) throws ProtocolException {
        if (parts.length < 2) {
            throw new ProtocolException("missing port: use " + parts[0] + "|PORT");
        }
        if (parts.length > 3) {
            throw new ProtocolException("too many arguments: use " + parts[0] + "|PORT or " + parts[0] + "|PORT|MAPID");
        }
        return parts[1];
    }

    private static String optionalRoute(String[] parts) throws ProtocolException {
        return parts.length == 3 ? route(parts[2]) : "";
    }

    private static String route(String text) throws ProtocolException {
        if (!Request.ROUTE.matcher(text).matches()) {
            throw new ProtocolException("bad map id: " + Fields.printable(text));
        }
        return text;
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
        if (parts.length == 5 && !parts[1].isEmpty() && Character.isDigit(parts[1].charAt(0))) {
            // The battle servers' first form, before there were kinds: register|PORT|CREDENTIAL|LOAD|PID.
            return register(Request.BATTLE, "", parts[1], parts[2], parts[3], parts[4], Map.of());
        }
        if (parts.length != 6 && parts.length != 7) {
            throw new ProtocolException("use register|KIND|[HOST:]PORT|CREDENTIAL|LOAD|PID[|ROUTES]");
        }
        String kind = route(parts[1]);
        String address = parts[2];
        int colon = address.lastIndexOf(':');
        String host = colon < 0 ? "" : address.substring(0, colon);
        if (colon >= 0 && !HOST.matcher(host).matches()) {
            throw new ProtocolException("bad host: " + Fields.printable(host));
        }
        return register(kind, host, address.substring(colon + 1), parts[3], parts[4], parts[5],
                parts.length == 7 ? routes(parts[6]) : Map.of());
    }

    private static Request register(String kind, String host, String port, String credential, String load, String pid,
                                    Map<String, Integer> routes) throws ProtocolException {
        if (credential.isEmpty()) {
            throw new ProtocolException("missing credential");
        }
        return new Request.Register(kind, host, Fields.port(port), credential, Fields.number(load, "load"),
                Fields.number(pid, "pid"), routes);
    }

    /** {@code MAPID=PLAYERS,MAPID=PLAYERS}. */
    private static Map<String, Integer> routes(String text) throws ProtocolException {
        Map<String, Integer> routes = new TreeMap<>();
        if (text.isEmpty()) {
            return routes;
        }
        String[] entries = text.split(",", -1);
        if (entries.length > 256) {
            throw new ProtocolException("too many routes");
        }
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq < 1) {
                throw new ProtocolException("bad route: use MAPID=PLAYERS");
            }
            if (routes.put(route(entry.substring(0, eq)), Fields.number(entry.substring(eq + 1), "players")) != null) {
                throw new ProtocolException("route listed twice: " + Fields.printable(entry.substring(0, eq)));
            }
        }
        return routes;
    }

    private static String joinRoutes(Map<String, Integer> routes, char between) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(routes).forEach((route, players) -> {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(route).append(between).append(players);
        });
        return out.toString();
    }

    /** Formats a request as its line. */
    public static String formatRequest(Request request) {
        // Java 17 has no pattern switch; the sealed hierarchy keeps this chain complete.
        if (request instanceof Request.Get g) {
            return switch (g.kind()) {
                case Request.MAP -> "map|" + g.route();
                case Request.CHAT -> "chat";
                default -> g.seats() == 1 ? "get" : "get|" + g.seats();
            };
        } else if (request instanceof Request.Add a) {
            return "add|" + a.port() + (a.route().isEmpty() ? "" : "|" + a.route());
        } else if (request instanceof Request.Del d) {
            return "del|" + d.port() + (d.route().isEmpty() ? "" : "|" + d.route());
        } else if (request instanceof Request.Stats) {
            return "stats";
        } else if (request instanceof Request.Health) {
            return "health";
        } else if (request instanceof Request.Session) {
            return "session";
        } else if (request instanceof Request.Register r) {
            return "register|" + r.kind() + "|" + (r.host().isEmpty() ? "" : r.host() + ":") + r.port() + "|" + r.credential() + "|" + r.load() + "|" + r.pid()
                    + (r.routes().isEmpty() ? "" : "|" + joinRoutes(r.routes(), '='));
        } else if (request instanceof Request.Allocated a) {
            return (a.allocated() ? "allocated|" : "not-allocated|") + a.port();
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
        } else if (reply instanceof Reply.Allocate) {
            out.append("ALLOCATE");
        } else if (reply instanceof Reply.Stats stats) {
            out.append(STATS_HEADER).append(stats.kinds().size() + stats.servers().size());
            for (Reply.KindRow row : stats.kinds()) {
                out.append("\nkind ").append(row.kind()).append(" servers=").append(row.servers())
                        .append(" ready=").append(row.ready()).append(" players=").append(row.players())
                        .append(" reserved=").append(row.reserved()).append(" failures=").append(row.failures());
                if (row.failures() > 0) {
                    out.append(" backoff=").append(row.backoffMillis()).append(" cause=").append(row.cause());
                }
            }
            for (Reply.ServerRow row : stats.servers()) {
                out.append("\nserver ").append(row.kind()).append(' ').append(row.host()).append(':').append(row.port())
                        .append(' ').append(row.state())
                        .append(" load=").append(row.load()).append(" reserved=").append(row.reserved())
                        .append(" uptime=").append(row.uptimeSeconds());
                if (!row.routes().isEmpty()) {
                    out.append(" routes=").append(joinRoutes(row.routes(), ':'));
                }
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
        if (line.equals("ALLOCATE")) {
            return new Reply.Allocate();
        }
        if (line.startsWith(STATS_HEADER)) {
            statsRowCount(line);
            return new Reply.Stats(List.of(), List.of());
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

    /** Parses one {@code server KIND HOST:PORT STATE load=N reserved=N uptime=S [routes=MAP:N,...]} row of a stats block. */
    public static Reply.ServerRow parseServerRow(String line) throws ProtocolException {
        String[] words = line.split(" ");
        if ((words.length != 7 && words.length != 8) || !words[0].equals("server")) {
            throw new ProtocolException("bad stats row: " + Fields.printable(line));
        }
        Map<String, Integer> routes = new TreeMap<>();
        if (words.length == 8) {
            routes = routes(value(words[7], "routes=").replace(':', '='));
        }
        InetSocketAddress address = Fields.hostAndPort(words[2]);
        return new Reply.ServerRow(words[1], address.getHostString(), address.getPort(), words[3],
                Fields.number(value(words[4], "load="), "load"),
                Fields.number(value(words[5], "reserved="), "reserved"),
                Fields.number(value(words[6], "uptime="), "uptime"), routes);
    }

    /** Parses one {@code kind KIND servers=N ready=N players=N reserved=N failures=N [backoff=MS cause=TEXT]} row. */
    public static Reply.KindRow parseKindRow(String line) throws ProtocolException {
        String[] words = line.split(" ", 9);
        if ((words.length != 7 && words.length != 9) || !words[0].equals("kind")) {
            throw new ProtocolException("bad stats row: " + Fields.printable(line));
        }
        return new Reply.KindRow(words[1],
                Fields.number(value(words[2], "servers="), "servers"),
                Fields.number(value(words[3], "ready="), "ready"),
                Fields.number(value(words[4], "players="), "players"),
                Fields.number(value(words[5], "reserved="), "reserved"),
                Fields.number(value(words[6], "failures="), "failures"),
                words.length == 9 ? Fields.number(value(words[7], "backoff="), "backoff") : 0,
                words.length == 9 ? value(words[8], "cause=") : "");
    }

    private static String value(String word, String key) throws ProtocolException {
        if (!word.startsWith(key)) {
            throw new ProtocolException("expected " + key + " in stats row");
        }
        return word.substring(key.length());
    }
}
