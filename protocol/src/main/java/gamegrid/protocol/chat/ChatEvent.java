package gamegrid.protocol.chat;

import java.util.List;
import java.util.Objects;

/**
 * A line a chat server sends. Every command is answered by exactly one {@link Ok} or {@link Err}; messages
 * ({@link Message}, {@link Whisper}) arrive unasked between the answers.
 */
public sealed interface ChatEvent {

    /** {@code OK|VERB|FIELD...}: the command named by {@code verb} was done; the fields say what came of it. */
    record Ok(String verb, List<String> fields) implements ChatEvent {
        public Ok {
            Objects.requireNonNull(verb, "verb");
            fields = List.copyOf(fields);
        }

        public Ok(String verb, Object... fields) {
            this(verb, java.util.Arrays.stream(fields).map(String::valueOf).toList());
        }
    }

    /** {@code ERR reason}: the command was refused and changed nothing, or the connection is being closed. */
    record Err(String reason) implements ChatEvent {
        public Err {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * {@code MSG|CHANNEL|ID|FROM|TEXT}: a message on {@code world}, {@code map:MAPID}, {@code #NAME} or
     * {@code announce}; {@code id} increases by one per message on that channel.
     */
    record Message(String channel, long id, String from, String text) implements ChatEvent {
        public Message {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(text, "text");
        }
    }

    /** {@code TELL|ID|FROM|TEXT}: a private message; {@code id} increases by one per message to this player. */
    record Whisper(long id, String from, String text) implements ChatEvent {
        public Whisper {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(text, "text");
        }
    }
}
