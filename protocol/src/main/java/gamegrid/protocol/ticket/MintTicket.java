package gamegrid.protocol.ticket;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Mints a ticket by hand, standing in for the game's login system: {@code MintTicket NAME SECRET_FILE [SECONDS]}
 * prints {@code NAME:EXPIRY:MAC} (valid for an hour unless SECONDS says otherwise). Used by {@code scripts/ticket.sh}.
 */
public final class MintTicket {
    private MintTicket() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: MintTicket NAME SECRET_FILE [VALID_SECONDS]");
            System.exit(2);
        }
        try {
            long seconds = args.length == 3 ? Long.parseLong(args[2]) : 3600;
            String secret = Files.readString(Path.of(args[1])).strip();
            System.out.println(new TicketAuthority(secret).mint(args[0], Instant.now(), Duration.ofSeconds(seconds)).token());
        } catch (IllegalArgumentException e) {
            System.err.println("ticket: " + e.getMessage());
            System.exit(2);
        }
    }
}
