package gamegrid.chatserver;

import gamegrid.protocol.chat.ChatCommand;
import gamegrid.protocol.chat.ChatEvent;
import gamegrid.protocol.chat.ServerProof;
import gamegrid.protocol.ticket.Ticket;
import gamegrid.protocol.ticket.TicketException;
import io.netty.channel.ChannelHandlerContext;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's first state: it says who it is ({@code login|TICKET}, {@code admin|PROOF},
 * {@code presence|PROOF}) and this handler gives way to the handler of that kind of connection.
 */
final class OpeningHandler extends ConnectionHandler {
    private static final Logger log = LoggerFactory.getLogger(OpeningHandler.class);

    private final ChatServices services;

    OpeningHandler(ChatServices services) {
        this.services = services;
    }

    @Override
    protected void handle(ChannelHandlerContext ctx, ChatCommand command) {
        Clock clock = services.clock();
        if (command instanceof ChatCommand.Login login) {
            Ticket ticket;
            try {
                ticket = services.tickets().verify(login.ticket(), clock.instant());
            } catch (TicketException e) {
                log.debug("refused login from {}: {}", ctx.channel().remoteAddress(), e.getMessage());
                answer(ctx, new ChatEvent.Err(e.getMessage()));
                return;
            }
            Session session = services.newSession(ctx.channel(), ticket.name());
            ctx.pipeline().replace(this, ChatServerInitializer.HANDLER, new PlayerHandler(services, session));
            services.hub().execute(() -> services.hub().login(session));
        } else if (command instanceof ChatCommand.AdminLogin admin) {
            if (proved(ctx, ServerProof.ADMIN, admin.proof())) {
                ctx.pipeline().replace(this, ChatServerInitializer.HANDLER, new AdminHandler(services.hub()));
                log.info("operator session from {}", ctx.channel().remoteAddress());
                answer(ctx, new ChatEvent.Ok(ServerProof.ADMIN));
            }
        } else if (command instanceof ChatCommand.PresenceLogin presence) {
            if (proved(ctx, ServerProof.PRESENCE, presence.proof())) {
                ctx.pipeline().replace(this, ChatServerInitializer.HANDLER, new PresenceHandler(services.hub(), services.newLinkId()));
                answer(ctx, new ChatEvent.Ok(ServerProof.PRESENCE));
            }
        } else if (command instanceof ChatCommand.Ping) {
            answer(ctx, new ChatEvent.Ok("ping"));
        } else {
            answer(ctx, new ChatEvent.Err("log in first: login|TICKET"));
        }
    }

    private boolean proved(ChannelHandlerContext ctx, String role, String proof) {
        if (services.proofs().verify(role, proof, services.clock().instant())) {
            return true;
        }
        log.warn("refused {} connection from {}: bad proof", role, ctx.channel().remoteAddress());
        refuse(ctx, "forbidden: bad proof");
        return false;
    }
}
