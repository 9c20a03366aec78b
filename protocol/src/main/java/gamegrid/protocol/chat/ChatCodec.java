package gamegrid.protocol.chat;

import gamegrid.protocol.Fields;
import gamegrid.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The chat wire format as pure functions: lines to {@link ChatCommand}s and {@link ChatEvent}s and back.
 * Fields are separated by {@code |}; a text is always the last field, so it may itself hold {@code |}.
 */
public final class ChatCodec {
    private static final String ERR = "ERR ";
    /** Each verb's usage; the number of {@code |} in it is the number of fields that follow the verb. */
    private static final Map<String, String> USAGE = Map.ofEntries(
            Map.entry("login", "login|TICKET"), Map.entry("admin", "admin|PROOF"), Map.entry("presence", "presence|PROOF"),
            Map.entry("join", "join|#CHANNEL"), Map.entry("leave", "leave|#CHANNEL"),
            Map.entry("say", "say|CHANNEL|TEXT"), Map.entry("tell", "tell|NAME|TEXT"),
            Map.entry("block", "block|NAME"), Map.entry("unblock", "unblock|NAME"), Map.entry("who", "who|NAME"),
            Map.entry("ping", "ping"), Map.entry("quit", "quit"),
            Map.entry("announce", "announce|TEXT"), Map.entry("mute", "mute|NAME|DURATION"), Map.entry("unmute", "unmute|NAME"),
            Map.entry("enter", "enter|NAME|MAPID"), Map.entry("exit", "exit|NAME|MAPID"), Map.entry("reset", "reset"));

    private ChatCodec() {
    }

    /**
     * Parses one command line (already checked to be valid UTF-8); a bad line becomes
     * {@link ChatCommand.Invalid}. Texts are limited to {@code maxTextLength} characters (code points).
     */
    public static ChatCommand parseCommand(String line, int maxTextLength) {
        try {
            return parseOrThrow(line, maxTextLength);
        } catch (ProtocolException e) {
            return new ChatCommand.Invalid(e.getMessage());
        } catch (IllegalArgumentException e) {
            return new ChatCommand.Invalid(e.getMessage());
        }
    }

    private static ChatCommand parseOrThrow(String line, int maxTextLength) throws ProtocolException {
        if (line.isEmpty()) {
            throw new ProtocolException("empty command");
        }
        int bar = line.indexOf(Fields.SEPARATOR);
        String verb = bar < 0 ? line : line.substring(0, bar);
        String usage = USAGE.get(verb);
        if (usage == null) {
            throw new ProtocolException("unknown command: " + Fields.printable(verb));
        }
        int fields = (int) usage.chars().filter(c -> c == Fields.SEPARATOR).count();
        // The last field takes the rest of the line, so that a text may hold '|'.
        String[] parts = line.split("\\|", fields + 1);
        if (parts.length != fields + 1 || (!usage.endsWith("TEXT") && bar >= 0 && parts[fields].indexOf(Fields.SEPARATOR) >= 0)) {
            throw new ProtocolException("use " + usage);
        }
        if (usage.endsWith("TEXT")) {
            checkText(parts[fields], maxTextLength);
        } else {
            checkNoControl(line);
        }
        return switch (verb) {
            case "login" -> new ChatCommand.Login(parts[1]);
            case "admin" -> new ChatCommand.AdminLogin(parts[1]);
            case "presence" -> new ChatCommand.PresenceLogin(parts[1]);
            case "join" -> new ChatCommand.Join(parts[1]);
            case "leave" -> new ChatCommand.Leave(parts[1]);
            case "say" -> new ChatCommand.Say(parts[1], parts[2]);
            case "tell" -> new ChatCommand.Tell(parts[1], parts[2]);
            case "block" -> new ChatCommand.Block(parts[1]);
            case "unblock" -> new ChatCommand.Unblock(parts[1]);
            case "who" -> new ChatCommand.Who(parts[1]);
            case "ping" -> new ChatCommand.Ping();
            case "quit" -> new ChatCommand.Quit();
            case "announce" -> new ChatCommand.Announce(parts[1]);
            case "mute" -> new ChatCommand.Mute(parts[1], duration(parts[2]));
            case "unmute" -> new ChatCommand.Unmute(parts[1]);
            case "enter" -> new ChatCommand.Enter(parts[1], parts[2]);
            case "exit" -> new ChatCommand.Exit(parts[1], parts[2]);
            case "reset" -> new ChatCommand.Reset();
            default -> throw new IllegalStateException("no parser for " + verb);
        };
    }

    /** A message text: 1 to {@code max} characters counted in code points, no control characters. */
    public static void checkText(String text, int max) throws ProtocolException {
        if (text.isBlank()) {
            throw new ProtocolException("empty text");
        }
        int length = text.codePointCount(0, text.length());
        if (length > max) {
            throw new ProtocolException("text too long: " + length + " characters (limit " + max + ")");
        }
        checkNoControl(text);
    }

    private static void checkNoControl(String text) throws ProtocolException {
        for (int i = 0; i < text.length(); i++) {
            if (Character.getType(text.charAt(i)) == Character.CONTROL) {
                throw new ProtocolException("control characters are not allowed");
            }
        }
    }

    /** {@code 90s}, {@code 10m}, {@code 2h}, {@code 1d}, or whole seconds. */
    private static Duration duration(String text) throws ProtocolException {
        if (text.isEmpty()) {
            throw new ProtocolException("missing duration");
        }
        char unit = text.charAt(text.length() - 1);
        boolean bare = Character.isDigit(unit);
        if (!bare && "smhd".indexOf(unit) < 0) {
            throw new ProtocolException("bad duration: " + Fields.printable(text) + " (like 90s, 10m, 2h, 1d)");
        }
        long amount = Fields.number(bare ? text : text.substring(0, text.length() - 1), "duration");
        return switch (unit) {
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    /** Formats a command as its line (what clients send). */
    public static String formatCommand(ChatCommand command) {
        if (command instanceof ChatCommand.Login c) {
            return "login|" + c.ticket();
        } else if (command instanceof ChatCommand.AdminLogin c) {
            return "admin|" + c.proof();
        } else if (command instanceof ChatCommand.PresenceLogin c) {
            return "presence|" + c.proof();
        } else if (command instanceof ChatCommand.Join c) {
            return "join|" + c.channel();
        } else if (command instanceof ChatCommand.Leave c) {
            return "leave|" + c.channel();
        } else if (command instanceof ChatCommand.Say c) {
            return "say|" + c.channel() + "|" + c.text();
        } else if (command instanceof ChatCommand.Tell c) {
            return "tell|" + c.to() + "|" + c.text();
        } else if (command instanceof ChatCommand.Block c) {
            return "block|" + c.name();
        } else if (command instanceof ChatCommand.Unblock c) {
            return "unblock|" + c.name();
        } else if (command instanceof ChatCommand.Who c) {
            return "who|" + c.name();
        } else if (command instanceof ChatCommand.Ping) {
            return "ping";
        } else if (command instanceof ChatCommand.Quit) {
            return "quit";
        } else if (command instanceof ChatCommand.Announce c) {
            return "announce|" + c.text();
        } else if (command instanceof ChatCommand.Mute c) {
            return "mute|" + c.name() + "|" + c.duration().toSeconds() + "s";
        } else if (command instanceof ChatCommand.Unmute c) {
            return "unmute|" + c.name();
        } else if (command instanceof ChatCommand.Enter c) {
            return "enter|" + c.name() + "|" + c.map();
        } else if (command instanceof ChatCommand.Exit c) {
            return "exit|" + c.name() + "|" + c.map();
        } else if (command instanceof ChatCommand.Reset) {
            return "reset";
        }
        throw new IllegalArgumentException("no line for " + command);
    }

    /** Formats an event as its line. */
    public static String formatEvent(ChatEvent event) {
        if (event instanceof ChatEvent.Ok ok) {
            StringBuilder line = new StringBuilder("OK|").append(ok.verb());
            ok.fields().forEach(field -> line.append(Fields.SEPARATOR).append(field));
            return line.toString();
        } else if (event instanceof ChatEvent.Err err) {
            return ERR + err.reason();
        } else if (event instanceof ChatEvent.Message m) {
            return "MSG|" + m.channel() + "|" + m.id() + "|" + m.from() + "|" + m.text();
        } else if (event instanceof ChatEvent.Whisper w) {
            return "TELL|" + w.id() + "|" + w.from() + "|" + w.text();
        }
        throw new IllegalArgumentException("no line for " + event);
    }

    /** Encodes an event as one UTF-8 line in a new buffer, ready to be written to many connections. */
    public static ByteBuf encode(ByteBufAllocator alloc, ChatEvent event) {
        String line = formatEvent(event);
        ByteBuf buf = alloc.buffer(ByteBufUtil.utf8MaxBytes(line) + 1);
        ByteBufUtil.writeUtf8(buf, line);
        return buf.writeByte('\n');
    }

    /** Parses one event line, as a client reads it. */
    public static ChatEvent parseEvent(String line) throws ProtocolException {
        if (line.startsWith(ERR)) {
            return new ChatEvent.Err(line.substring(ERR.length()));
        }
        try {
            if (line.startsWith("OK|")) {
                List<String> parts = new ArrayList<>(List.of(line.split("\\|", -1)));
                return new ChatEvent.Ok(parts.get(1), parts.subList(2, parts.size()));
            } else if (line.startsWith("MSG|")) {
                String[] p = line.split("\\|", 5);
                return new ChatEvent.Message(p[1], Long.parseLong(p[2]), p[3], p[4]);
            } else if (line.startsWith("TELL|")) {
                String[] p = line.split("\\|", 4);
                return new ChatEvent.Whisper(Long.parseLong(p[1]), p[2], p[3]);
            }
        } catch (RuntimeException e) {
            throw new ProtocolException("bad event: " + Fields.printable(line));
        }
        throw new ProtocolException("unknown event: " + Fields.printable(line));
    }
}
