package gamegrid.chatserver;

import gamegrid.protocol.chat.ChatEvent;
import gamegrid.protocol.chat.ChatNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything the chat server keeps across restarts: accounts (blocks, channels, inboxes, mutes), each
 * channel's last message id and history, and recent announcements. Plain Java, owned by the hub's thread;
 * {@link #write} and {@link #read} are its file format, one tab-separated record per line (texts never
 * hold tabs or line ends: the protocol refuses control characters).
 */
final class ChatState {
    static final String HEADER = "gamegrid-chat-state\t1";
    /** The last line of a file written at a clean stop; without it, ids jump by {@link #UNCLEAN_ID_GAP}. */
    static final String CLEAN = "clean";
    /** Ids handed out after the last save are lost with a kill; jumping this far keeps ids increasing. */
    static final long UNCLEAN_ID_GAP = 1_000_000;

    /** An announcement, kept for players who log in soon after it. */
    record Announcement(ChatEvent.Message message, long sentEpochMillis) {
    }

    final Map<String, Account> accounts = new HashMap<>();
    final Map<String, Room> rooms = new HashMap<>();
    final ArrayDeque<Announcement> announcements = new ArrayDeque<>();
    long lastAnnouncementId;
    private final int historySize;

    ChatState(int historySize) {
        this.historySize = historySize;
    }

    Account account(String name) {
        return accounts.computeIfAbsent(name, Account::new);
    }

    /** The room for a channel id ({@code world}, {@code map:ID}, {@code #NAME}), made on first use. */
    Room room(String id) {
        // World and map channels are not joined, so they keep no history to replay.
        return rooms.computeIfAbsent(id, r -> new Room(r, ChatNames.isNamed(r) ? historySize : 0));
    }

    void write(Writer out, boolean clean) throws IOException {
        out.write(HEADER + "\n");
        for (Room room : rooms.values()) {
            line(out, "room", room.id, room.lastId);
            for (ChatEvent.Message m : room.history()) {
                line(out, "history", room.id, m.id(), m.from(), m.text());
            }
        }
        for (Account a : accounts.values()) {
            line(out, "account", a.name, a.lastWhisperId, a.mutedUntilEpochMillis, a.lastAnnouncementSeen);
            for (String blocked : a.blocked) {
                line(out, "block", a.name, blocked);
            }
            for (String channel : a.channels) {
                line(out, "member", a.name, channel);
            }
            for (Account.Stored s : a.inbox) {
                line(out, "inbox", a.name, s.whisper().id(), s.whisper().from(), s.sentEpochMillis(), s.whisper().text());
            }
        }
        line(out, "announcements", lastAnnouncementId);
        for (Announcement an : announcements) {
            line(out, "announce", an.message().id(), an.sentEpochMillis(), an.message().text());
        }
        if (clean) {
            out.write(CLEAN + "\n");
        }
    }

    /** Reads a saved state; returns whether it was saved at a clean stop. Unknown records are an error. */
    boolean read(BufferedReader in) throws IOException {
        String header = in.readLine();
        if (!HEADER.equals(header)) {
            throw new IOException("not a chat state file (first line " + header + ")");
        }
        boolean clean = false;
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals(CLEAN)) {
                clean = true;
                continue;
            }
            String[] f = line.split("\t", -1);
            try {
                switch (f[0]) {
                    case "room" -> room(f[1]).lastId = Long.parseLong(f[2]);
                    case "history" -> room(f[1]).remember(new ChatEvent.Message(f[1], Long.parseLong(f[2]), f[3], f[4]));
                    case "account" -> {
                        Account a = account(f[1]);
                        a.lastWhisperId = Long.parseLong(f[2]);
                        a.mutedUntilEpochMillis = Long.parseLong(f[3]);
                        a.lastAnnouncementSeen = Long.parseLong(f[4]);
                    }
                    case "block" -> account(f[1]).blocked.add(f[2]);
                    case "member" -> {
                        account(f[1]).channels.add(f[2]);
                        room(f[2]).members.add(f[1]);
                    }
                    case "inbox" -> account(f[1]).inbox.add(new Account.Stored(
                            new ChatEvent.Whisper(Long.parseLong(f[2]), f[3], f[5]), Long.parseLong(f[4])));
                    case "announcements" -> lastAnnouncementId = Long.parseLong(f[1]);
                    case "announce" -> announcements.add(new Announcement(new ChatEvent.Message(ChatNames.ANNOUNCE,
                            Long.parseLong(f[1]), ChatNames.OPERATOR, f[3]), Long.parseLong(f[2])));
                    default -> throw new IOException("unknown record " + f[0]);
                }
            } catch (RuntimeException e) {
                throw new IOException("bad line in chat state: " + line, e);
            }
        }
        if (!clean) {
            rooms.values().forEach(room -> room.lastId += UNCLEAN_ID_GAP);
            accounts.values().forEach(account -> account.lastWhisperId += UNCLEAN_ID_GAP);
            lastAnnouncementId += UNCLEAN_ID_GAP;
        }
        return clean;
    }

    private static void line(Writer out, Object... fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.write('\t');
            }
            out.write(String.valueOf(fields[i]));
        }
        out.write('\n');
    }
}
