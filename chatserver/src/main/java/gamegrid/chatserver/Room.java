package gamegrid.chatserver;

import gamegrid.protocol.chat.ChatEvent;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One channel's numbering and recent history: the world, a map ({@code map:ID}) or a named channel
 * ({@code #NAME}, whose members are kept here). Owned by the hub's thread.
 */
final class Room {
    final String id;
    private final int historySize;
    private final ArrayDeque<ChatEvent.Message> history;
    /** Named channels only: every player who joined and has not left, online or not. */
    final Set<String> members = new HashSet<>();
    /** Named channels only: the members' connections, for delivery. */
    final Set<Session> online = new HashSet<>();
    long lastId;

    Room(String id, int historySize) {
        this.id = id;
        this.historySize = historySize;
        this.history = new ArrayDeque<>(Math.min(historySize, 16));
    }

    ChatEvent.Message post(String from, String text) {
        ChatEvent.Message message = new ChatEvent.Message(id, ++lastId, from, text);
        remember(message);
        return message;
    }

    void remember(ChatEvent.Message message) {
        if (historySize == 0) {
            return;
        }
        if (history.size() == historySize) {
            history.removeFirst();
        }
        history.addLast(message);
    }

    List<ChatEvent.Message> history() {
        return List.copyOf(history);
    }
}
