package gamegrid.protocol.chat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Proof that a connection speaks for a role ({@code admin}, {@code presence}) and knows the world's secret:
 * {@code EXPIRY:MAC}, the hex HMAC-SHA256 of {@code gamegrid|ROLE|EXPIRY}. The {@code |} keeps proofs
 * apart from player tickets (which sign {@code NAME:EXPIRY}, and a name never holds {@code |}), and the role
 * keeps a presence proof from opening an operator's session. Short-lived, so a copied proof soon dies.
 */
public final class ServerProof {
    public static final String ADMIN = "admin";
    public static final String PRESENCE = "presence";
    /** How long a minted proof is good for; also the most a verifier accepts, whatever the proof claims. */
    public static final Duration VALIDITY = Duration.ofMinutes(2);

    private final SecretKeySpec key;

    public ServerProof(String worldSecret) {
        if (worldSecret == null || worldSecret.isEmpty()) {
            throw new IllegalArgumentException("the world's secret is empty");
        }
        key = new SecretKeySpec(worldSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String mint(String role, Instant now) {
        long expires = now.plus(VALIDITY).getEpochSecond();
        return expires + ":" + mac(role, expires);
    }

    /** Whether {@code proof} was minted for {@code role} with our secret and is still fresh at {@code now}. */
    public boolean verify(String role, String proof, Instant now) {
        int colon = proof.indexOf(':');
        if (colon < 1 || colon > 19) {
            return false;
        }
        long expires;
        try {
            expires = Long.parseLong(proof.substring(0, colon));
        } catch (NumberFormatException e) {
            return false;
        }
        long nowSeconds = now.getEpochSecond();
        if (nowSeconds >= expires || expires - nowSeconds > VALIDITY.toSeconds() + 60) {
            return false;
        }
        byte[] expected = mac(role, expires).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, proof.substring(colon + 1).getBytes(StandardCharsets.US_ASCII));
    }

    private String mac(String role, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(("gamegrid|" + role + "|" + expires).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
