package gamegrid.chatserver;

import gamegrid.protocol.chat.ChatCodec;
import gamegrid.protocol.chat.ChatCommand;
import gamegrid.protocol.chat.ChatEvent;
import gamegrid.protocol.chat.ChatNames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The chat rules and all chat state: who is online, channels, inboxes, blocks, mutes, rate limits, presence.
 * Everything here runs on one thread, the hub's event loop (handlers post to it), so nothing is locked.
 * Messages for many players are encoded once and handed to each connection loop's {@link Outbox} in one task.
 */
final class ChatHub {
    private final EventLoop loop;
    private final ChatSettings settings;
    private final ChatState state;
    private final Presence presence = new Presence();
    private final Outbox[] outboxes;
    private final PlayerListener listener;
    private final ChatMetrics metrics;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final Map<String, Session> online = new HashMap<>();
    /** Per connection loop: messages fanned out since the last {@link #dispatch}. */
    private final List<Outbox.Delivery>[] staged;
    private boolean dispatchScheduled;
    private boolean dirty;
    private boolean draining;

    ChatHub(EventLoop loop, ChatSettings settings, ChatState state, Outbox[] outboxes, PlayerListener listener,
            ChatMetrics metrics, Clock clock, LongSupplier nanoTime) {
        this.metrics = metrics;
        this.loop = loop;
        this.settings = settings;
        this.state = state;
        this.outboxes = outboxes;
        this.listener = listener;
        this.clock = clock;
        this.nanoTime = nanoTime;
        @SuppressWarnings("unchecked")
        List<Outbox.Delivery>[] lists = new List[outboxes.length];
        for (int i = 0; i < lists.length; i++) {
            lists[i] = new ArrayList<>();
        }
        this.staged = lists;
    }

    EventLoop loop() {
        return loop;
    }

    /** Runs {@code task} on the hub's thread. */
    void execute(Runnable task) {
        loop.execute(task);
    }

    /** Whether anything worth saving changed since the last call. */
    boolean takeDirty() {
        boolean was = dirty;
        dirty = false;
        return was;
    }

    ChatState state() {
        return state;
    }

    /** Refuses new logins from now on and sends every player away. */
    void drain() {
        assert loop.inEventLoop();
        draining = true;
        for (Session session : List.copyOf(online.values())) {
            logout(session);
            session.refuse("draining");
        }
    }

    // ---- players

    void login(Session session) {
        assert loop.inEventLoop();
        if (draining) {
            session.refuse("draining");
            return;
        }
        Session old = online.get(session.name);
        if (old != null) {
            logout(old);
            old.refuse("logged in elsewhere");
        } else if (online.size() >= settings.maxPlayers()) {
            session.refuse("full");
            return;
        }
        dirty |= !state.accounts.containsKey(session.name);
        Account account = state.account(session.name);
        session.account = account;
        account.session = session;
        online.put(session.name, session);
        account.channels.forEach(channel -> state.room(channel).online.add(session));
        listener.playerAdded();
        session.send(new ChatEvent.Ok("login", session.name, String.join(",", account.channels)));
        deliverInbox(account);
        replayAnnouncements(account);
    }

    private void deliverInbox(Account account) {
        long oldest = clock.millis() - settings.inboxMaxAge().toMillis();
        int delivered = 0;
        for (Account.Stored stored : account.inbox) {
            if (stored.sentEpochMillis() >= oldest) {
                account.session.send(stored.whisper());
                delivered++;
            }
        }
        metrics.delivered(ChatMetrics.TELL, delivered);
        dirty |= !account.inbox.isEmpty();
        account.inbox.clear();
    }

    private void replayAnnouncements(Account account) {
        long since = clock.millis() - settings.announcementReplay().toMillis();
        for (ChatState.Announcement an : state.announcements) {
            if (an.message().id() > account.lastAnnouncementSeen && an.sentEpochMillis() >= since) {
                account.session.send(an.message());
                account.lastAnnouncementSeen = an.message().id();
                metrics.delivered(ChatMetrics.ANNOUNCE, 1);
                dirty = true;
            }
        }
    }

    /** The connection closed or was cut off; nothing happens if the name has logged in again elsewhere. */
    void logout(Session session) {
        assert loop.inEventLoop();
        if (online.get(session.name) != session) {
            return;
        }
        online.remove(session.name);
        Account account = session.account;
        account.session = null;
        account.channels.forEach(channel -> state.room(channel).online.remove(session));
        listener.playerRemoved();
    }

    /** One command of a logged-in player; answers it with exactly one OK or ERR. */
    void command(Session session, ChatCommand command) {
        assert loop.inEventLoop();
        if (session.account == null || session.account.session != session) {
            return; // logged out meanwhile (cut off, or the name logged in elsewhere)
        }
        ChatEvent answer;
        if (command instanceof ChatCommand.Say say) {
            answer = say(session.account, say);
        } else if (command instanceof ChatCommand.Tell tell) {
            answer = tell(session.account, tell);
        } else if (command instanceof ChatCommand.Join join) {
            answer = join(session, join.channel());
        } else if (command instanceof ChatCommand.Leave leave) {
            answer = leave(session, leave.channel());
        } else if (command instanceof ChatCommand.Block block) {
            answer = block(session.account, block.name());
        } else if (command instanceof ChatCommand.Unblock unblock) {
            answer = session.account.blocked.remove(unblock.name())
                    ? changed(new ChatEvent.Ok("unblock", unblock.name()))
                    : new ChatEvent.Err("not blocking " + unblock.name());
        } else if (command instanceof ChatCommand.Who who) {
            answer = who(who.name());
        } else {
            answer = new ChatEvent.Err("not for players: " + command.getClass().getSimpleName().toLowerCase());
        }
        if (answer != null) {
            session.send(answer);
        }
    }

    private ChatEvent say(Account from, ChatCommand.Say say) {
        ChatEvent.Err refusal = mutedOrTooFast(from, say.channel(), rateFor(say.channel()));
        if (refusal != null) {
            return refusal;
        }
        Room room;
        Collection<Session> recipients;
        if (say.channel().equals(ChatNames.WORLD)) {
            room = state.room(ChatNames.WORLD);
            recipients = online.values();
        } else if (say.channel().equals(ChatNames.MAP)) {
            String map = presence.mapOf(from.name);
            if (map == null) {
                return new ChatEvent.Err("not on a map");
            }
            room = state.room(ChatNames.mapChannel(map));
            recipients = onlineOf(presence.playersOn(map));
        } else {
            room = state.rooms.get(say.channel());
            if (room == null || !from.channels.contains(say.channel())) {
                return new ChatEvent.Err("not in channel " + say.channel() + ": join it first");
            }
            recipients = room.online;
        }
        ChatEvent.Message message = room.post(from.name, say.text());
        dirty = true;
        // The answer goes first, so the sender reads OK|say before its own message.
        from.session.send(new ChatEvent.Ok("say", room.id, message.id()));
        metrics.message(ChatMetrics.kindOf(room.id), fanOut(recipients, message, from.name));
        return null;
    }

    private ChatEvent tell(Account from, ChatCommand.Tell tell) {
        Account to = state.accounts.get(tell.to());
        if (to == null) {
            return new ChatEvent.Err("unknown player: " + tell.to());
        }
        if (to == from) {
            return new ChatEvent.Err("that is you");
        }
        if (to.blocks(from.name)) {
            return new ChatEvent.Err(to.name + " does not take messages from you");
        }
        if (to.session == null && to.inbox.size() >= settings.inboxSize()) {
            return new ChatEvent.Err(to.name + "'s inbox is full");
        }
        ChatEvent.Err refusal = mutedOrTooFast(from, "@tell", settings.rates().tell());
        if (refusal != null) {
            return refusal;
        }
        ChatEvent.Whisper whisper = new ChatEvent.Whisper(++to.lastWhisperId, from.name, tell.text());
        dirty = true;
        if (to.session != null) {
            to.session.send(whisper);
            metrics.message(ChatMetrics.TELL, 1);
            return new ChatEvent.Ok("tell", to.name, whisper.id(), "online");
        }
        metrics.message(ChatMetrics.TELL, 0);
        to.inbox.addLast(new Account.Stored(whisper, clock.millis()));
        return new ChatEvent.Ok("tell", to.name, whisper.id(), "inbox");
    }

    private ChatEvent join(Session session, String channel) {
        Account account = session.account;
        if (account.channels.contains(channel)) {
            return new ChatEvent.Err("already in channel " + channel);
        }
        if (account.channels.size() >= settings.maxChannelsPerPlayer()) {
            return new ChatEvent.Err("in " + settings.maxChannelsPerPlayer() + " channels already: leave one first");
        }
        if (!state.rooms.containsKey(channel) && namedRooms() >= settings.maxChannels()) {
            return new ChatEvent.Err("too many channels on this server");
        }
        Room room = state.room(channel);
        room.members.add(account.name);
        room.online.add(session);
        account.channels.add(channel);
        dirty = true;
        List<ChatEvent.Message> history = room.history().stream().filter(m -> !account.blocks(m.from())).toList();
        session.send(new ChatEvent.Ok("join", channel, history.size()));
        history.forEach(session::send);
        return null;
    }

    private long namedRooms() {
        return state.rooms.keySet().stream().filter(ChatNames::isNamed).count();
    }

    private ChatEvent leave(Session session, String channel) {
        Account account = session.account;
        if (!account.channels.remove(channel)) {
            return new ChatEvent.Err("not in channel " + channel);
        }
        Room room = state.room(channel);
        room.members.remove(account.name);
        room.online.remove(session);
        if (room.members.isEmpty()) {
            state.rooms.remove(channel); // an abandoned channel goes, history and all
        }
        account.forgetBucket(channel);
        return changed(new ChatEvent.Ok("leave", channel));
    }

    private ChatEvent block(Account account, String name) {
        if (name.equals(account.name)) {
            return new ChatEvent.Err("that is you");
        }
        if (!state.accounts.containsKey(name)) {
            return new ChatEvent.Err("unknown player: " + name);
        }
        if (!account.blocked.contains(name) && account.blocked.size() >= settings.maxBlocks()) {
            return new ChatEvent.Err("blocking " + settings.maxBlocks() + " players already");
        }
        account.blocked.add(name);
        return changed(new ChatEvent.Ok("block", name));
    }

    ChatEvent who(String name) {
        String map = presence.mapOf(name);
        if (online.containsKey(name) || map != null) {
            return new ChatEvent.Ok("who", name, "online", map == null ? "" : map);
        }
        if (!state.accounts.containsKey(name)) {
            return new ChatEvent.Err("unknown player: " + name);
        }
        return new ChatEvent.Ok("who", name, "offline");
    }

    private TokenBucket.Rate rateFor(String channel) {
        ChatSettings.Rates rates = settings.rates();
        return channel.equals(ChatNames.WORLD) ? rates.world() : channel.equals(ChatNames.MAP) ? rates.map() : rates.channel();
    }

    private ChatEvent.Err mutedOrTooFast(Account account, String channel, TokenBucket.Rate rate) {
        long mutedMillis = account.mutedUntilEpochMillis - clock.millis();
        if (mutedMillis > 0) {
            return new ChatEvent.Err("muted for " + (mutedMillis + 999) / 1000 + "s");
        }
        long waitNanos = account.takeToken(channel, rate, nanoTime.getAsLong());
        if (waitNanos > 0) {
            return new ChatEvent.Err(String.format("too fast on %s: wait %.1fs", channel.equals("@tell") ? "tell" : channel, waitNanos / 1e9));
        }
        return null;
    }

    private ChatEvent changed(ChatEvent answer) {
        dirty = true;
        return answer;
    }

    private List<Session> onlineOf(Collection<String> names) {
        List<Session> sessions = new ArrayList<>(names.size());
        for (String name : names) {
            Session session = online.get(name);
            if (session != null) {
                sessions.add(session);
            }
        }
        return sessions;
    }

    /**
     * Encodes {@code message} once and stages each connection loop's share of the recipients. The stage goes
     * out after the commands already queued here, one task per loop for all of them: a burst of messages
     * reaches each loop, and each player, together (as Redis answers all the commands of one read at once).
     * Returns how many recipients it goes to.
     */
    private int fanOut(Collection<Session> recipients, ChatEvent.Message message, String from) {
        if (recipients.isEmpty()) {
            return 0;
        }
        int count = 0;
        @SuppressWarnings("unchecked")
        List<Session>[] perLoop = new List[outboxes.length];
        for (Session session : recipients) {
            if (from != null && session.account.blocks(from)) {
                continue;
            }
            List<Session> batch = perLoop[session.loopIndex];
            if (batch == null) {
                batch = perLoop[session.loopIndex] = new ArrayList<>(recipients.size() / outboxes.length + 1);
            }
            batch.add(session);
            count++;
        }
        ByteBuf line = ChatCodec.encode(ByteBufAllocator.DEFAULT, message);
        try {
            for (int i = 0; i < perLoop.length; i++) {
                if (perLoop[i] != null) {
                    staged[i].add(new Outbox.Delivery(perLoop[i], line.retainedDuplicate()));
                }
            }
        } finally {
            line.release();
        }
        if (!dispatchScheduled) {
            dispatchScheduled = true;
            loop.execute(this::dispatch);
        }
        return count;
    }

    /** Hands each connection loop everything staged for it, in one task. */
    private void dispatch() {
        dispatchScheduled = false;
        for (int i = 0; i < staged.length; i++) {
            if (!staged[i].isEmpty()) {
                List<Outbox.Delivery> batch = staged[i];
                staged[i] = new ArrayList<>();
                Outbox outbox = outboxes[i];
                outbox.loop().execute(() -> outbox.deliverAll(batch));
            }
        }
    }

    // ---- operators

    ChatEvent announce(String text) {
        assert loop.inEventLoop();
        ChatEvent.Message message = new ChatEvent.Message(ChatNames.ANNOUNCE, ++state.lastAnnouncementId, ChatNames.OPERATOR, text);
        long now = clock.millis();
        state.announcements.addLast(new ChatState.Announcement(message, now));
        forgetOldAnnouncements(now);
        online.values().forEach(session -> session.account.lastAnnouncementSeen = message.id());
        dirty = true;
        metrics.message(ChatMetrics.ANNOUNCE, fanOut(online.values(), message, null));
        return new ChatEvent.Ok("announce", message.id(), online.size());
    }

    private void forgetOldAnnouncements(long now) {
        long since = now - settings.announcementReplay().toMillis();
        Iterator<ChatState.Announcement> it = state.announcements.iterator();
        while (it.hasNext() && (it.next().sentEpochMillis() < since || state.announcements.size() > 1000)) {
            it.remove();
        }
    }

    ChatEvent mute(String name, java.time.Duration duration) {
        Account account = state.accounts.get(name);
        if (account == null) {
            return new ChatEvent.Err("unknown player: " + name);
        }
        account.mutedUntilEpochMillis = clock.millis() + duration.toMillis();
        return changed(new ChatEvent.Ok("mute", name, duration.toSeconds()));
    }

    ChatEvent unmute(String name) {
        Account account = state.accounts.get(name);
        if (account == null || account.mutedUntilEpochMillis <= clock.millis()) {
            return new ChatEvent.Err(account == null ? "unknown player: " + name : name + " is not muted");
        }
        account.mutedUntilEpochMillis = 0;
        return changed(new ChatEvent.Ok("unmute", name));
    }

    /** Drops inbox messages past their age; run now and then, so offline players' inboxes do not keep old mail forever. */
    void expireInboxes() {
        long oldest = clock.millis() - settings.inboxMaxAge().toMillis();
        for (Account account : state.accounts.values()) {
            while (!account.inbox.isEmpty() && account.inbox.peekFirst().sentEpochMillis() < oldest) {
                account.inbox.removeFirst();
                dirty = true;
            }
        }
        forgetOldAnnouncements(clock.millis());
    }

    // ---- map servers

    void enter(int link, String name, String map) {
        presence.enter(link, name, map);
    }

    void exit(int link, String name, String map) {
        presence.exit(link, name, map);
    }

    int dropLink(int link) {
        return presence.dropLink(link);
    }
}
