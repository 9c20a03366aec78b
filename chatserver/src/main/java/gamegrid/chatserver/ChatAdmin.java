package gamegrid.chatserver;

import gamegrid.protocol.Fields;
import gamegrid.protocol.ProtocolException;
import gamegrid.protocol.chat.ServerProof;
import gamegrid.protocol.ticket.TicketAuthority;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * The operator's command-line tool (behind {@code scripts/announce.sh}): opens an authenticated operator
 * session and sends one command, or mints a player ticket for trying the server by hand. The world's secret
 * comes from {@code GAMEGRID_WORLD_SECRET}, else from the file named by {@code --secret-file=}.
 * Exits 0 when the server said OK, 1 on ERR or no answer, 2 on bad arguments.
 */
public final class ChatAdmin {
    static final String USAGE = "usage: chat-admin [--server=HOST:PORT] [--secret-file=FILE] "
            + "(announce TEXT... | mute NAME DURATION | unmute NAME | who NAME | ticket NAME)";

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
        String command = switch (rest[0]) {
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
        if (command == null) {
            fail("bad command");
        }
        InetSocketAddress address;
        try {
            address = Fields.hostAndPort(server);
        } catch (ProtocolException e) {
            fail("--server=" + server + ": " + e.getMessage());
            return;
        }
        String answer = ask(address, new ServerProof(secret).mint(ServerProof.ADMIN, Instant.now()), command);
        System.out.println(answer);
        System.exit(answer.startsWith("OK") ? 0 : 1);
    }

    private static String ask(InetSocketAddress address, String proof, String command) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.getHostString(), address.getPort()), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out.write(("admin|" + proof + "\n").getBytes(StandardCharsets.UTF_8));
            String opened = in.readLine();
            if (!"OK|admin".equals(opened)) {
                return opened == null ? "ERR no answer" : opened;
            }
            out.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            String answer = in.readLine();
            return answer == null ? "ERR no answer" : answer;
        }
    }

    private static void fail(String problem) {
        System.err.println("chat-admin: " + problem);
        System.err.println(USAGE);
        System.exit(2);
    }
}
