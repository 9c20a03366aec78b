package gamegrid.protocol.ticket;

import java.util.Objects;

/**
 * A player's proof of name, minted by the game's login system: {@code NAME:EXPIRY:MAC}, where EXPIRY is
 * in epoch seconds and MAC is the hex HMAC-SHA256 of {@code NAME:EXPIRY} under the world's secret.
 * Names are 1 to {@value #MAX_NAME_LENGTH} letters or digits of any script, {@code _} or {@code -}, so a
 * ticket never holds a protocol separator ({@code |}, {@code :}, white space).
 */
public record Ticket(String name, long expiresEpochSeconds, String mac) {
    public static final int MAX_NAME_LENGTH = 24;

    public Ticket {
        Objects.requireNonNull(mac, "mac");
        checkName(name);
    }

    /** The ticket as it travels on the wire. */
    public String token() {
        return name + ":" + expiresEpochSeconds + ":" + mac;
    }

    /** What the MAC covers. */
    String signedPart() {
        return name + ":" + expiresEpochSeconds;
    }

    /** Parses the wire form; the MAC is not checked here (see {@link TicketAuthority#verify}). */
    public static Ticket parse(String token) throws TicketException {
        String[] parts = token.split(":", -1);
        if (parts.length != 3) {
            throw new TicketException("malformed ticket");
        }
        long expires;
        try {
            expires = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            throw new TicketException("malformed ticket expiry");
        }
        try {
            return new Ticket(parts[0], expires, parts[2]);
        } catch (IllegalArgumentException e) {
            throw new TicketException(e.getMessage());
        }
    }

    /** Throws {@link IllegalArgumentException} unless {@code name} is a valid player name. */
    public static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        int length = name.codePointCount(0, name.length());
        if (length < 1 || length > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("bad player name: 1 to " + MAX_NAME_LENGTH + " characters");
        }
        boolean valid = name.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-');
        if (!valid) {
            throw new IllegalArgumentException("bad player name: letters, digits, _ and - only");
        }
    }
}
