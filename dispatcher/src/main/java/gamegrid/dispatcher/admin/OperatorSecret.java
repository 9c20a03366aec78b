package gamegrid.dispatcher.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The operator's secret (the world secret's content), checked in constant time: both sides are hashed first,
 * so that neither the content nor the length of a guess shows in how long the comparison takes.
 */
final class OperatorSecret {
    private static final String BEARER = "Bearer ";

    /** What a request's credentials prove. */
    enum Verdict { MISSING, WRONG, OPERATOR }

    private final byte[] digest;

    OperatorSecret(String secret) {
        if (secret.isBlank()) {
            throw new IllegalArgumentException("an empty operator secret would let anyone act");
        }
        this.digest = sha256(secret);
    }

    /** Judges an {@code Authorization} header value ({@code Bearer SECRET}), null when absent. */
    Verdict judge(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Verdict.MISSING;
        }
        String token = authorization.substring(BEARER.length()).strip();
        return MessageDigest.isEqual(digest, sha256(token)) ? Verdict.OPERATOR : Verdict.WRONG;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
