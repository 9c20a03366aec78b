package gamegrid.protocol.battle;

import gamegrid.protocol.Fields;
import gamegrid.protocol.ProtocolException;
import gamegrid.protocol.map.BattleRecord;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The battle wire format as pure functions: lines to {@link Command}s and {@link Event}s and back.
 * Lines arrive here without their line end; fields are separated by {@code |}; enum values travel in lower case.
 */
public final class BattleCodec {
    private static final String SEPARATOR = String.valueOf(Fields.SEPARATOR);
    private static final String ERR = "ERR ";
    private static final int MAX_TICKET_LENGTH = 200;
    /** Each argument-taking verb with its usage, which also gives its field count; {@code pvp} has its own rule. */
    private static final Map<String, String> USAGE = Map.of(
            "pve", "pve or pve|TICKET|BATTLE",
            "ping", "ping",
            "quit", "quit",
            "attack", "attack|ACTOR|TARGET",
            "defend", "defend|ACTOR",
            "skill", "skill|ACTOR|SKILL|TARGET");
    /** How many fields follow each event's head. */
    private static final Map<String, Integer> EVENT_FIELDS = Map.ofEntries(
            Map.entry("QUEUED", 0), Map.entry("BATTLE", 3), Map.entry("FIGHTER", 7), Map.entry("ROUND", 2),
            Map.entry("OK", 0), Map.entry("PONG", 0), Map.entry("TIMEOUT", 1), Map.entry("DEFEND", 1),
            Map.entry("ATTACK", 4), Map.entry("SKILL", 5), Map.entry("DOWN", 1), Map.entry("AWAY", 2),
            Map.entry("FORFEIT", 1), Map.entry("STATE", 3), Map.entry("RESULT", 2));

    private BattleCodec() {
    }

    /** Parses one command line; a bad line becomes {@link Command.Invalid} so it is answered, not dropped. */
    public static Command parseCommand(String line) {
        try {
            return parseCommandOrThrow(line.strip());
        } catch (ProtocolException e) {
            return new Command.Invalid(e.getMessage());
        }
    }

    private static Command parseCommandOrThrow(String line) throws ProtocolException {
        if (line.isEmpty()) {
            throw new ProtocolException("empty command");
        }
        String[] parts = line.split("\\|", -1);
        String verb = parts[0];
        if (verb.equals("pvp")) {
            return pvp(parts);
        }
        if (verb.equals("pve") && parts.length == 3) {
            return mapBattle(parts);
        }
        String usage = USAGE.get(verb);
        if (usage == null) {
            throw new ProtocolException("unknown command: " + Fields.printable(verb));
        }
        if (parts.length != fieldCount(usage) && !verb.equals("pve")) {
            throw new ProtocolException("use " + usage);
        }
        return switch (verb) {
            case "pve" -> {
                if (parts.length != 1) {
                    throw new ProtocolException("use " + usage);
                }
                yield new Command.Pve();
            }
            case "ping" -> new Command.Ping();
            case "quit" -> new Command.Quit();
            case "attack" -> new Command.Attack(fighter(parts[1]), fighter(parts[2]));
            case "defend" -> new Command.Defend(fighter(parts[1]));
            case "skill" -> new Command.UseSkill(fighter(parts[1]), wireEnum(Skill.class, parts[2], "skill"), fighter(parts[3]));
            default -> throw new IllegalStateException("no parser for " + verb);
        };
    }

    private static int fieldCount(String usage) {
        return usage.split("\\|").length;
    }

    private static Command pvp(String[] parts) throws ProtocolException {
        if (parts.length > 2) {
            throw new ProtocolException("use pvp or pvp|ROOM");
        }
        String room = parts.length == 2 ? parts[1] : "";
        if (!Command.Pvp.ROOM.matcher(room).matches()) {
            throw new ProtocolException("bad room: " + Fields.printable(room) + " (up to 32 of A-Z a-z 0-9 _ -)");
        }
        return new Command.Pvp(room);
    }

    private static Command mapBattle(String[] parts) throws ProtocolException {
        if (parts[1].isEmpty() || parts[1].length() > MAX_TICKET_LENGTH) {
            throw new ProtocolException("bad ticket");
        }
        if (!BattleRecord.BATTLE_ID.matcher(parts[2]).matches()) {
            throw new ProtocolException("bad battle id: " + Fields.printable(parts[2]));
        }
        return new Command.Pve(parts[1], parts[2]);
    }

    private static int fighter(String text) throws ProtocolException {
        int id = Fields.number(text, "fighter");
        if (id < 1) {
            throw new ProtocolException("bad fighter: " + text);
        }
        return id;
    }

    /** Formats a command as its line. */
    public static String formatCommand(Command command) {
        // Java 17 has no pattern switch; the sealed hierarchy keeps this chain complete.
        if (command instanceof Command.Pve p) {
            return p.fromMap() ? line("pve", p.ticket(), p.battleId()) : "pve";
        } else if (command instanceof Command.Pvp p) {
            return p.room().isEmpty() ? "pvp" : line("pvp", p.room());
        } else if (command instanceof Command.Ping) {
            return "ping";
        } else if (command instanceof Command.Quit) {
            return "quit";
        } else if (command instanceof Command.Attack a) {
            return line("attack", a.actor(), a.target());
        } else if (command instanceof Command.Defend d) {
            return line("defend", d.actor());
        } else if (command instanceof Command.UseSkill s) {
            return line("skill", s.actor(), s.skill(), s.target());
        }
        throw new IllegalArgumentException("no line for " + command);
    }

    /** Formats an event as its line. */
    public static String formatEvent(Event event) {
        if (event instanceof Event.Queued) {
            return "QUEUED";
        } else if (event instanceof Event.Started s) {
            return line("BATTLE", s.battleId(), s.mode(), s.you());
        } else if (event instanceof Event.FighterInfo f) {
            return line("FIGHTER", f.id(), f.team(), f.name(), f.maxHp(), f.attack(), f.defence(), f.speed());
        } else if (event instanceof Event.RoundStarted r) {
            return line("ROUND", r.round(), r.timeoutMillis());
        } else if (event instanceof Event.Accepted) {
            return "OK";
        } else if (event instanceof Event.Pong) {
            return "PONG";
        } else if (event instanceof Event.TimedOut t) {
            return line("TIMEOUT", t.fighter());
        } else if (event instanceof Event.Defended d) {
            return line("DEFEND", d.fighter());
        } else if (event instanceof Event.Attacked a) {
            return line("ATTACK", a.actor(), a.target(), a.damage(), a.hp());
        } else if (event instanceof Event.SkillUsed s) {
            return line("SKILL", s.actor(), s.skill(), s.target(), s.amount(), s.hp());
        } else if (event instanceof Event.Down d) {
            return line("DOWN", d.fighter());
        } else if (event instanceof Event.Away a) {
            return line("AWAY", a.fighter(), a.graceMillis());
        } else if (event instanceof Event.Forfeited f) {
            return line("FORFEIT", f.fighter());
        } else if (event instanceof Event.FighterState s) {
            return line("STATE", s.fighter(), s.hp(), skills(s.readySkills()));
        } else if (event instanceof Event.Finished f) {
            return line("RESULT", f.outcome(), f.reason());
        } else if (event instanceof Event.Err e) {
            return ERR + e.reason();
        }
        throw new IllegalArgumentException("no line for " + event);
    }

    /** Parses one event line, as a client reads it. */
    public static Event parseEvent(String line) throws ProtocolException {
        if (line.startsWith(ERR)) {
            return new Event.Err(line.substring(ERR.length()));
        }
        String[] parts = line.split("\\|", -1);
        Integer count = EVENT_FIELDS.get(parts[0]);
        if (count == null) {
            throw new ProtocolException("unknown event: " + Fields.printable(line));
        }
        if (parts.length != count + 1) {
            throw new ProtocolException(parts[0] + " needs " + count + " fields: " + Fields.printable(line));
        }
        try {
            return switch (parts[0]) {
                case "QUEUED" -> new Event.Queued();
                case "BATTLE" -> new Event.Started(parts[1], wireEnum(Event.Mode.class, parts[2], "mode"), number(parts, 3));
                case "FIGHTER" -> new Event.FighterInfo(number(parts, 1), number(parts, 2), parts[3],
                        number(parts, 4), number(parts, 5), number(parts, 6), number(parts, 7));
                case "ROUND" -> new Event.RoundStarted(number(parts, 1), number(parts, 2));
                case "OK" -> new Event.Accepted();
                case "PONG" -> new Event.Pong();
                case "TIMEOUT" -> new Event.TimedOut(number(parts, 1));
                case "DEFEND" -> new Event.Defended(number(parts, 1));
                case "ATTACK" -> new Event.Attacked(number(parts, 1), number(parts, 2), number(parts, 3), number(parts, 4));
                case "SKILL" -> new Event.SkillUsed(number(parts, 1), wireEnum(Skill.class, parts[2], "skill"),
                        number(parts, 3), number(parts, 4), number(parts, 5));
                case "DOWN" -> new Event.Down(number(parts, 1));
                case "AWAY" -> new Event.Away(number(parts, 1), number(parts, 2));
                case "FORFEIT" -> new Event.Forfeited(number(parts, 1));
                case "STATE" -> new Event.FighterState(number(parts, 1), number(parts, 2), parseSkills(parts[3]));
                case "RESULT" -> new Event.Finished(wireEnum(Event.Outcome.class, parts[1], "outcome"),
                        wireEnum(Event.Reason.class, parts[2], "reason"));
                default -> throw new IllegalStateException("no parser for " + parts[0]);
            };
        } catch (IllegalArgumentException e) {
            // Well-formed numbers out of a record's range, e.g. fighter 0, or an empty name.
            throw new ProtocolException("bad event: " + Fields.printable(line));
        }
    }

    private static int number(String[] parts, int index) throws ProtocolException {
        return Fields.number(parts[index], parts[0].toLowerCase(Locale.ROOT) + " field " + index);
    }

    private static String skills(Set<Skill> skills) {
        StringJoiner joined = new StringJoiner(",");
        for (Skill skill : Skill.values()) { // in declaration order, so a state always reads the same
            if (skills.contains(skill)) {
                joined.add(wire(skill));
            }
        }
        return joined.toString();
    }

    private static Set<Skill> parseSkills(String text) throws ProtocolException {
        Set<Skill> skills = EnumSet.noneOf(Skill.class);
        if (!text.isEmpty()) {
            for (String name : text.split(",", -1)) {
                skills.add(wireEnum(Skill.class, name, "skill"));
            }
        }
        return skills;
    }

    private static String line(String head, Object... fields) {
        StringJoiner joined = new StringJoiner(SEPARATOR).add(head);
        for (Object field : fields) {
            joined.add(field instanceof Enum<?> e ? wire(e) : String.valueOf(field));
        }
        return joined.toString();
    }

    /** An enum value as it travels: its name in lower case. */
    public static String wire(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static <E extends Enum<E>> E wireEnum(Class<E> type, String text, String what) throws ProtocolException {
        for (E value : type.getEnumConstants()) {
            if (wire(value).equals(text)) {
                return value;
            }
        }
        throw new ProtocolException("unknown " + what + ": " + Fields.printable(text));
    }
}
