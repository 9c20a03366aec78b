package gamegrid.protocol.chat;

import java.time.Duration;
import java.util.Objects;

/**
 * A line a chat server receives (see {@code protocol/CHAT.md}). The first line of a connection says who
 * speaks: a player ({@link Login}), an operator ({@link AdminLogin}) or a map server ({@link PresenceLogin});
 * each kind of connection then accepts its own verbs.
 */
public sealed interface ChatCommand {

    /** {@code login|TICKET}: a player, with the signed ticket the game's login system gave it. */
    record Login(String ticket) implements ChatCommand {
        public Login {
            Objects.requireNonNull(ticket, "ticket");
        }
    }

    /** {@code admin|PROOF}: an operator's session, proved with the world's secret. */
    record AdminLogin(String proof) implements ChatCommand {
        public AdminLogin {
            Objects.requireNonNull(proof, "proof");
        }
    }

    /** {@code presence|PROOF}: a map server's presence link, proved with the world's secret. */
    record PresenceLogin(String proof) implements ChatCommand {
        public PresenceLogin {
            Objects.requireNonNull(proof, "proof");
        }
    }

    /** {@code join|#NAME}: subscribe to a named channel (a team, a guild); the answer carries its recent history. */
    record Join(String channel) implements ChatCommand {
        public Join {
            ChatNames.checkNamedChannel(channel);
        }
    }

    /** {@code leave|#NAME}: unsubscribe from a named channel. */
    record Leave(String channel) implements ChatCommand {
        public Leave {
            ChatNames.checkNamedChannel(channel);
        }
    }

    /** {@code say|CHANNEL|TEXT}: talk on {@code world}, {@code map} (the sender's current map) or a joined {@code #NAME}. */
    record Say(String channel, String text) implements ChatCommand {
        public Say {
            ChatNames.checkSayTarget(channel);
            Objects.requireNonNull(text, "text");
        }
    }

    /** {@code tell|NAME|TEXT}: a private message to one player, kept in its inbox while it is offline. */
    record Tell(String to, String text) implements ChatCommand {
        public Tell {
            ChatNames.checkPlayer(to);
            Objects.requireNonNull(text, "text");
        }
    }

    /** {@code block|NAME}: receive nothing more from that player, on any channel. */
    record Block(String name) implements ChatCommand {
        public Block {
            ChatNames.checkPlayer(name);
        }
    }

    /** {@code unblock|NAME}. */
    record Unblock(String name) implements ChatCommand {
        public Unblock {
            ChatNames.checkPlayer(name);
        }
    }

    /** {@code who|NAME}: whether a player is online, and on which map. */
    record Who(String name) implements ChatCommand {
        public Who {
            ChatNames.checkPlayer(name);
        }
    }

    /** {@code ping}: answered {@code OK|ping}; keeps a quiet connection from the idle timeout. */
    record Ping() implements ChatCommand {
    }

    /** {@code quit}: close the connection. */
    record Quit() implements ChatCommand {
    }

    /** Operator: {@code announce|TEXT} to every player online, and to those who log in soon after. */
    record Announce(String text) implements ChatCommand {
        public Announce {
            Objects.requireNonNull(text, "text");
        }
    }

    /** Operator: {@code mute|NAME|DURATION}: the player may not talk (say, tell) for that long. */
    record Mute(String name, Duration duration) implements ChatCommand {
        public Mute {
            ChatNames.checkPlayer(name);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("mute duration must be positive");
            }
        }
    }

    /** Operator: {@code unmute|NAME}. */
    record Unmute(String name) implements ChatCommand {
        public Unmute {
            ChatNames.checkPlayer(name);
        }
    }

    /** Map server: {@code enter|NAME|MAPID}: the player is now on that map. */
    record Enter(String name, String map) implements ChatCommand {
        public Enter {
            ChatNames.checkPlayer(name);
            ChatNames.checkMap(map);
        }
    }

    /** Map server: {@code exit|NAME|MAPID}: the player left that map (ignored if it is on another by now). */
    record Exit(String name, String map) implements ChatCommand {
        public Exit {
            ChatNames.checkPlayer(name);
            ChatNames.checkMap(map);
        }
    }

    /** Map server: {@code reset}: forget every presence this link announced; a full list of {@code enter}s follows. */
    record Reset() implements ChatCommand {
    }

    /** A line that follows no rule; answered with {@code ERR reason}. */
    record Invalid(String reason) implements ChatCommand {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
