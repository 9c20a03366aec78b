package gamegrid.protocol.map;

import gamegrid.protocol.Fields;
import gamegrid.protocol.ProtocolException;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * The map wire format as pure functions: lines to {@link MapCommand}s and {@link MapEvent}s and back.
 * Lines arrive here without their line end; fields are separated by {@code |}.
 */
public final class MapCodec {
    /** Map ids: short, lower-case, safe to echo, log and use in file names. */
    public static final Pattern MAP_ID = Pattern.compile("[a-z0-9_-]{1,32}");
    /** Transfer tokens: {@code VERSION-HEX}, the state version they were handed at and a random part. */
    public static final Pattern TOKEN = Pattern.compile("[0-9]{1,18}-[0-9a-f]{1,64}");
    private static final int MAX_TICKET_LENGTH = 200;
    private static final String SEPARATOR = String.valueOf(Fields.SEPARATOR);

    private MapCodec() {
    }

    /** Parses one command line; a bad line becomes {@link MapCommand.Invalid} so it is answered, not dropped. */
    public static MapCommand parseCommand(String line) {
        try {
            return parseCommandOrThrow(line.strip());
        } catch (ProtocolException e) {
            return new MapCommand.Invalid(e.getMessage());
        }
    }

    private static MapCommand parseCommandOrThrow(String line) throws ProtocolException {
        if (line.isEmpty()) {
            throw new ProtocolException("empty command");
        }
        String[] parts = line.split("\\|", -1);
        String verb = parts[0];
        switch (verb) {
            case "enter" -> {
                if (parts.length < 2 || parts.length > 3) {
                    throw new ProtocolException("use enter|TICKET or enter|TICKET|TOKEN");
                }
                if (parts[1].isEmpty() || parts[1].length() > MAX_TICKET_LENGTH) {
                    throw new ProtocolException("bad ticket");
                }
                String token = parts.length == 3 ? parts[2] : "";
                if (parts.length == 3 && !TOKEN.matcher(token).matches()) {
                    throw new ProtocolException("bad token: " + Fields.printable(token));
                }
                return new MapCommand.Enter(parts[1], token);
            }
            case "move" -> {
                if (parts.length != 2) {
                    throw new ProtocolException("use move|n, move|s, move|e or move|w");
                }
                return new MapCommand.Move(direction(parts[1]));
            }
            case "look", "where", "ping", "quit" -> {
                if (parts.length != 1) {
                    throw new ProtocolException("use " + verb);
                }
                return switch (verb) {
                    case "look" -> new MapCommand.Look();
                    case "where" -> new MapCommand.Where();
                    case "ping" -> new MapCommand.Ping();
                    default -> new MapCommand.Quit();
                };
            }
            default -> throw new ProtocolException("unknown command: " + Fields.printable(verb));
        }
    }

    private static Direction direction(String text) throws ProtocolException {
        return switch (text) {
            case "n" -> Direction.N;
            case "s" -> Direction.S;
            case "e" -> Direction.E;
            case "w" -> Direction.W;
            default -> throw new ProtocolException("bad direction: " + Fields.printable(text) + " (n, s, e or w)");
        };
    }

    /** Formats a command as its line. */
    public static String formatCommand(MapCommand command) {
        if (command instanceof MapCommand.Enter e) {
            return e.token().isEmpty() ? line("enter", e.ticket()) : line("enter", e.ticket(), e.token());
        } else if (command instanceof MapCommand.Move m) {
            return line("move", m.direction().name().toLowerCase(Locale.ROOT));
        } else if (command instanceof MapCommand.Look) {
            return "look";
        } else if (command instanceof MapCommand.Where) {
            return "where";
        } else if (command instanceof MapCommand.Ping) {
            return "ping";
        } else if (command instanceof MapCommand.Quit) {
            return "quit";
        }
        throw new IllegalArgumentException("no line for " + command);
    }

    /** Formats an event as its line. */
    public static String formatEvent(MapEvent event) {
        if (event instanceof MapEvent.Moved m) {
            return line("MOVED", m.name(), m.x(), m.y());
        } else if (event instanceof MapEvent.See s) {
            return line("SEE", s.name(), s.x(), s.y());
        } else if (event instanceof MapEvent.Gone g) {
            return line("GONE", g.name());
        } else if (event instanceof MapEvent.You y) {
            return line("YOU", y.name(), y.map(), y.x(), y.y(), y.hp(), y.xp(), y.gold());
        } else if (event instanceof MapEvent.Look l) {
            return line("LOOK", l.count());
        } else if (event instanceof MapEvent.Portal p) {
            return line("PORTAL", p.host() + ":" + p.port(), p.map(), p.token());
        } else if (event instanceof MapEvent.Battle b) {
            return line("BATTLE", b.battleId());
        } else if (event instanceof MapEvent.Elsewhere e) {
            return line("MAP", e.map());
        } else if (event instanceof MapEvent.Pong) {
            return "PONG";
        } else if (event instanceof MapEvent.Err e) {
            return "ERR " + e.reason();
        }
        throw new IllegalArgumentException("no line for " + event);
    }

    /** Parses one event line (the client side); throws on a line no map server sends. */
    public static MapEvent parseEvent(String line) throws ProtocolException {
        if (line.startsWith("ERR ")) {
            return new MapEvent.Err(line.substring(4));
        }
        String[] p = line.split("\\|", -1);
        return switch (p[0]) {
            case "MOVED" -> {
                fields(p, 4);
                yield new MapEvent.Moved(p[1], Fields.number(p[2], "x"), Fields.number(p[3], "y"));
            }
            case "SEE" -> {
                fields(p, 4);
                yield new MapEvent.See(p[1], Fields.number(p[2], "x"), Fields.number(p[3], "y"));
            }
            case "GONE" -> {
                fields(p, 2);
                yield new MapEvent.Gone(p[1]);
            }
            case "YOU" -> {
                fields(p, 8);
                yield new MapEvent.You(p[1], p[2], Fields.number(p[3], "x"), Fields.number(p[4], "y"),
                        Fields.number(p[5], "hp"), Fields.number(p[6], "xp"), Fields.number(p[7], "gold"));
            }
            case "LOOK" -> {
                fields(p, 2);
                yield new MapEvent.Look(Fields.number(p[1], "count"));
            }
            case "PORTAL" -> {
                fields(p, 4);
                var address = Fields.hostAndPort(p[1]);
                yield new MapEvent.Portal(address.getHostString(), address.getPort(), p[2], p[3]);
            }
            case "BATTLE" -> {
                fields(p, 2);
                yield new MapEvent.Battle(p[1]);
            }
            case "MAP" -> {
                fields(p, 2);
                yield new MapEvent.Elsewhere(p[1]);
            }
            case "PONG" -> new MapEvent.Pong();
            default -> throw new ProtocolException("unknown event: " + Fields.printable(line));
        };
    }

    private static void fields(String[] parts, int count) throws ProtocolException {
        if (parts.length != count) {
            throw new ProtocolException(parts[0] + " takes " + (count - 1) + " fields");
        }
    }

    private static String line(String head, Object... fields) {
        StringJoiner joined = new StringJoiner(SEPARATOR).add(head);
        for (Object field : fields) {
            joined.add(String.valueOf(field));
        }
        return joined.toString();
    }
}
