package gamegrid.protocol.ticket;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Mints and verifies {@link Ticket}s with the world's secret. Immutable and thread-safe. */
public final class TicketAuthority {
    /** Environment variable that carries the world's secret to launched servers, off their command line. */
    public static final String SECRET_ENV = "GAMEGRID_WORLD_SECRET";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public TicketAuthority(String worldSecret) {
        if (worldSecret == null || worldSecret.isEmpty()) {
            throw new IllegalArgumentException("the world's secret is empty");
        }
        this.key = new SecretKeySpec(worldSecret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** A ticket for {@code name} valid until {@code now + validity}. */
    public Ticket mint(String name, Instant now, Duration validity) {
        long expires = now.plus(validity).getEpochSecond();
        Ticket.checkName(name);
        return new Ticket(name, expires, mac(name + ":" + expires));
    }

    /** The ticket in {@code token} if its MAC is ours and it has not expired at {@code now}. */
    public Ticket verify(String token, Instant now) throws TicketException {
        Ticket ticket = Ticket.parse(token);
        byte[] expected = mac(ticket.signedPart()).getBytes(StandardCharsets.US_ASCII);
        // Constant time, so response timing does not help forge a MAC.
        if (!MessageDigest.isEqual(expected, ticket.mac().getBytes(StandardCharsets.US_ASCII))) {
            throw new TicketException("forged ticket");
        }
        if (now.getEpochSecond() >= ticket.expiresEpochSeconds()) {
            throw new TicketException("expired ticket");
        }
        return ticket;
    }

    private String mac(String signed) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
