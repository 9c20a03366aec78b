package gamegrid.protocol.battle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gamegrid.protocol.ProtocolException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The battle wire format as pure functions: every line both ways, and the reasons bad lines get. */
class BattleCodecTest {

    @Test
    void everyCommandReadsBackFromItsLine() {
        List<Command> commands = List.of(new Command.Pve(), new Command.Pve("ann:1:ab", "0123456789abcdef"), new Command.Pvp(""), new Command.Pvp("room-7"),
                new Command.Ping(), new Command.Quit(), new Command.Attack(1, 2), new Command.Defend(3),
                new Command.UseSkill(1, Skill.SMASH, 2), new Command.UseSkill(2, Skill.HEAL, 2));
        for (Command command : commands) {
            assertEquals(command, BattleCodec.parseCommand(BattleCodec.formatCommand(command)));
        }
        assertEquals("skill|1|heal|1", BattleCodec.formatCommand(new Command.UseSkill(1, Skill.HEAL, 1)));
        assertEquals("pvp", BattleCodec.formatCommand(new Command.Pvp("")));
    }

    @Test
    void surroundingBlanksAndACarriageReturnAreIgnored() {
        assertEquals(new Command.Attack(1, 2), BattleCodec.parseCommand("  attack|1|2 \r"));
    }

    @Test
    void everyEventReadsBackFromItsLine() throws ProtocolException {
        List<Event> events = List.of(new Event.Queued(), new Event.Started("17", Event.Mode.PVP, 2),
                new Event.FighterInfo(1, 1, "hero", 120, 18, 5, 10), new Event.RoundStarted(3, 200),
                new Event.Accepted(), new Event.Pong(), new Event.TimedOut(2), new Event.Defended(2),
                new Event.Attacked(1, 2, 15, 30), new Event.SkillUsed(1, Skill.SMASH, 2, 30, 0),
                new Event.Down(2), new Event.Away(2, 300), new Event.Forfeited(2),
                new Event.FighterState(1, 80, EnumSet.allOf(Skill.class)), new Event.FighterState(1, 80, Set.of()),
                new Event.Finished(Event.Outcome.WIN, Event.Reason.KO), new Event.Err("fighter 2 is not yours"));
        for (Event event : events) {
            assertEquals(event, BattleCodec.parseEvent(BattleCodec.formatEvent(event)));
        }
    }

    @Test
    void eventsReadTheWayTheProtocolDocumentShowsThem() {
        assertEquals("BATTLE|17|pve|1", BattleCodec.formatEvent(new Event.Started("17", Event.Mode.PVE, 1)));
        assertEquals("FIGHTER|2|2|goblin|45|12|2|12", BattleCodec.formatEvent(new Event.FighterInfo(2, 2, "goblin", 45, 12, 2, 12)));
        assertEquals("STATE|1|80|smash,heal", BattleCodec.formatEvent(new Event.FighterState(1, 80, Set.of(Skill.HEAL, Skill.SMASH))));
        assertEquals("STATE|1|80|", BattleCodec.formatEvent(new Event.FighterState(1, 80, Set.of())));
        assertEquals("RESULT|lose|forfeit", BattleCodec.formatEvent(new Event.Finished(Event.Outcome.LOSE, Event.Reason.FORFEIT)));
        assertEquals("ERR full", BattleCodec.formatEvent(new Event.Err("full")));
    }

    @Test
    void badCommandLinesBecomeInvalidWithAReason() {
        assertInvalid("", "empty command");
        assertInvalid("fly|1", "unknown command: fly");
        assertInvalid("\u0000\u00ff", "unknown command: ??");
        assertInvalid("pve|now", "use pve or pve|TICKET|BATTLE");
        assertInvalid("pve|ann:1:ab|nope", "bad battle id: nope");
        assertInvalid("pve||0123456789abcdef", "bad ticket");
        assertInvalid("attack|1", "use attack|ACTOR|TARGET");
        assertInvalid("attack|1|2|3", "use attack|ACTOR|TARGET");
        assertInvalid("attack|one|2", "bad fighter: one");
        assertInvalid("attack|1|", "missing fighter");
        assertInvalid("defend|0", "bad fighter: 0");
        assertInvalid("skill|1|fireball|2", "unknown skill: fireball");
        assertInvalid("pvp|a|b", "use pvp or pvp|ROOM");
        assertInvalid("pvp|no room", "bad room: no room (up to 32 of A-Z a-z 0-9 _ -)");
        assertInvalid("attack|12345678901|2", "bad fighter: 12345678901");
    }

    private static void assertInvalid(String line, String reason) {
        assertEquals(new Command.Invalid(reason), BattleCodec.parseCommand(line), line);
    }

    @Test
    void badEventLinesAreRefused() {
        for (String line : List.of("HELLO", "ROUND|1", "ROUND|x|200", "DOWN|0", "BATTLE|1|war|1", "FIGHTER|1|1||1|1|1|1", "STATE|1|5|fly")) {
            assertThrows(ProtocolException.class, () -> BattleCodec.parseEvent(line), line);
        }
    }
}
