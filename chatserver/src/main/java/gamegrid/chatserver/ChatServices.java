package gamegrid.chatserver;

import gamegrid.protocol.chat.ServerProof;
import gamegrid.protocol.ticket.TicketAuthority;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** What the connection handlers share: the hub, the checks of tickets and proofs, the clock, the settings. */
final class ChatServices {
    private final ChatHub hub;
    private final ChatSettings settings;
    private final TicketAuthority tickets;
    private final ServerProof proofs;
    private final Clock clock;
    private final Map<EventLoop, Integer> loopIndex;
    private final AtomicInteger links = new AtomicInteger();

    ChatServices(ChatHub hub, ChatSettings settings, String worldSecret, Clock clock, Map<EventLoop, Integer> loopIndex) {
        this.hub = hub;
        this.settings = settings;
        this.tickets = new TicketAuthority(worldSecret);
        this.proofs = new ServerProof(worldSecret);
        this.clock = clock;
        this.loopIndex = loopIndex;
    }

    ChatHub hub() {
        return hub;
    }

    ChatSettings settings() {
        return settings;
    }

    TicketAuthority tickets() {
        return tickets;
    }

    ServerProof proofs() {
        return proofs;
    }

    Clock clock() {
        return clock;
    }

    /** A logged-in player's session on {@code channel}; a cut-off session is logged out of the hub at once. */
    Session newSession(Channel channel, String name) {
        Session[] made = new Session[1];
        made[0] = new Session(channel, name, loopIndex.get(channel.eventLoop()), settings.slowConsumerGrace().toMillis(),
                () -> hub.execute(() -> hub.logout(made[0])));
        return made[0];
    }

    int newLinkId() {
        return links.incrementAndGet();
    }
}
