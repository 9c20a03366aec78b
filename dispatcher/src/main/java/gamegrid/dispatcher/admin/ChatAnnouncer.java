package gamegrid.dispatcher.admin;

import gamegrid.dispatcher.fleet.FleetView;
import gamegrid.dispatcher.fleet.ServerState;
import gamegrid.protocol.ProtocolException;
import gamegrid.protocol.chat.ChatCodec;
import gamegrid.protocol.chat.ChatCommand;
import gamegrid.protocol.chat.ChatEvent;
import gamegrid.protocol.chat.ChatOperator;
import gamegrid.protocol.dispatch.Request;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetSocketAddress;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/announce}: the body, UTF-8 text, goes to every player as an operator's announcement. The text is
 * checked here as the chat protocol checks it (no blank, no control characters), its length by the chat server
 * against its own {@code max-text-length}; the chat server is found in the fleet, as {@code chat} finds it, and is
 * told over {@link ChatOperator} without blocking the admin port's event loop.
 */
final class ChatAnnouncer {
    private static final Logger log = LoggerFactory.getLogger(ChatAnnouncer.class);
    /** The whole exchange with the chat server, connection and operator login included. */
    static final Duration CHAT_TIMEOUT = Duration.ofSeconds(5);

    private final AdminContext admin;

    ChatAnnouncer(AdminContext admin) {
        this.admin = admin;
    }

    /** 200 with the announcement's id and recipients; 400 bad text; 502 chat server failed; 503 none to tell. */
    CompletableFuture<FullHttpResponse> announce(ByteBuf body, EventLoopGroup loop) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(body.nioBuffer()).toString();
            ChatCodec.checkText(text, Integer.MAX_VALUE);
        } catch (CharacterCodingException e) {
            return AdminHandler.done(AdminHandler.text(HttpResponseStatus.BAD_REQUEST, "the announcement is not valid UTF-8"));
        } catch (ProtocolException e) {
            return AdminHandler.done(AdminHandler.text(HttpResponseStatus.BAD_REQUEST, "bad announcement: " + e.getMessage()));
        }
        return AdminHandler.fromFleet(admin.fleet().view()).thenCompose(view -> {
            if (view.kinds().stream().noneMatch(k -> k.kind().equals(Request.CHAT))) {
                return AdminHandler.done(AdminHandler.text(HttpResponseStatus.SERVICE_UNAVAILABLE,
                        "this world has no chat server (chat.enabled=false)"));
            }
            Optional<FleetView.ServerView> chat = view.servers().stream()
                    .filter(s -> s.kind().equals(Request.CHAT) && s.state() == ServerState.READY).findFirst();
            if (chat.isEmpty()) {
                return AdminHandler.done(AdminHandler.text(HttpResponseStatus.SERVICE_UNAVAILABLE,
                        "the chat server is not ready; try again when the status page shows it READY"));
            }
            InetSocketAddress server = InetSocketAddress.createUnresolved(chat.get().host(), chat.get().port());
            String name = chat.get().host() + ":" + chat.get().port();
            return ChatOperator.ask(loop, server, admin.chatProof(), new ChatCommand.Announce(text), CHAT_TIMEOUT)
                    .handle((answer, error) -> answer(name, answer, error));
        });
    }

    private static FullHttpResponse answer(String server, ChatEvent answer, Throwable error) {
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            log.warn("announcement not delivered to chat server {}: {}", server, cause.getMessage());
            return AdminHandler.text(HttpResponseStatus.BAD_GATEWAY, cause.getMessage());
        }
        if (answer instanceof ChatEvent.Ok ok && ok.verb().equals("announce") && ok.fields().size() == 2
                && ok.fields().stream().allMatch(field -> field.matches("\\d{1,18}"))) {
            log.info("operator announced through chat server {}: id={} recipients={}", server, ok.fields().get(0), ok.fields().get(1));
            return AdminHandler.json(HttpResponseStatus.OK, new JsonWriter().beginObject()
                    .name("announced").value(Long.parseLong(ok.fields().get(0)))
                    .name("recipients").value(Long.parseLong(ok.fields().get(1))).endObject().toString());
        }
        if (answer instanceof ChatEvent.Err err) {
            return AdminHandler.text(HttpResponseStatus.BAD_REQUEST, "the chat server refused the announcement: " + err.reason());
        }
        return AdminHandler.text(HttpResponseStatus.BAD_GATEWAY, "the chat server answered " + ChatCodec.formatEvent(answer));
    }
}
