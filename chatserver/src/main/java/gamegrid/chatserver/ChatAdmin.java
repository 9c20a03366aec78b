package gamegrid.chatserver;

import gamegrid.protocol.Fields;
import gamegrid.protocol.ProtocolException;
import gamegrid.protocol.chat.ChatCodec;
import gamegrid.protocol.chat.ChatCommand;
import gamegrid.protocol.chat.ChatOperator;
import gamegrid.protocol.chat.ServerProof;
import gamegrid.protocol.ticket.TicketAuthority;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The operator's command-line tool (behind {@code scripts/announce.sh}): opens an authenticated operator
 * session ({@link ChatOperator}) and sends one command, or mints a player ticket for trying the server by hand.
 * The world's secret comes from {@code GAMEGRID_WORLD_SECRET}, else from the file named by {@code --secret-file=}.
 * Exits 0 when the server said OK, 1 on ERR or no answer, 2 on bad arguments.
 */
public final class ChatAdmin {
    static final String USAGE = "usage: chat-admin [--server=HOST:PORT] [--secret-file=FILE] "
            + "(announce TEXT... | mute NAME DURATION | unmute NAME | who NAME | ticket NAME)";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private ChatAdmin() {
    }

    public static void main(String[] args) throws IOException {
        String server = "127.0.0.1:6100";
        String secretFile = null;
        int first = 0;
        for (; first < args.length && args[first].startsWith("--"); first++) {
            if (args[first].startsWith("--server=")) {
                server = args[first].substring("--server=".length());
            } else if (args[first].startsWith("--secret-file=")) {
                secretFile = args[first].substring("--secret-file=".length());
            } else {
                fail("unknown option " + args[first]);
            }
        }
        String[] rest = Arrays.copyOfRange(args, first, args.length);
        if (rest.length < 2) {
            fail("missing command");
        }
        String secret = System.getenv(TicketAuthority.SECRET_ENV);
        if ((secret == null || secret.isEmpty()) && secretFile != null && Files.exists(Path.of(secretFile))) {
            secret = Files.readString(Path.of(secretFile)).strip();
        }
        if (secret == null || secret.isEmpty()) {
            fail("the world's secret is needed: set " + TicketAuthority.SECRET_ENV + " or give --secret-file=FILE");
        }
        String line = switch (rest[0]) {
            case "announce" -> "announce|" + String.join(" ", Arrays.copyOfRange(rest, 1, rest.length));
            case "mute" -> rest.length == 3 ? "mute|" + rest[1] + "|" + rest[2] : null;
            case "unmute", "who" -> rest.length == 2 ? rest[0] + "|" + rest[1] : null;
            case "ticket" -> {
                System.out.println(new TicketAuthority(secret).mint(rest[1], Instant.now(), Duration.ofHours(1)).token());
                System.exit(0);
                yield null;
            }
            default -> null;
        };
        if (line == null) {
            fail("bad command");
        }
        InetSocketAddress address;
        try {
            address = Fields.hostAndPort(server);
        } catch (ProtocolException e) {
            fail("--server=" + server + ": " + e.getMessage());
            return;
        }
        // The chat server judges the text's length by its own settings; everything else is checked here.
        ChatCommand command = ChatCodec.parseCommand(line, Integer.MAX_VALUE);
        String answer = command instanceof ChatCommand.Invalid invalid ? "ERR " + invalid.reason() : ask(address, secret, command);
        System.out.println(answer);
        System.exit(answer.startsWith("OK") ? 0 : 1);
    }

    private static String ask(InetSocketAddress address, String secret, ChatCommand command) {
        EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("chat-admin", true));
        try {
            return ChatCodec.formatEvent(ChatOperator.ask(group, address, new ServerProof(secret), command, TIMEOUT).join());
        } catch (CompletionException e) {
            return "ERR " + e.getCause().getMessage();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static void fail(String problem) {
        System.err.println("chat-admin: " + problem);
        System.err.println(USAGE);
        System.exit(2);
    }
}
