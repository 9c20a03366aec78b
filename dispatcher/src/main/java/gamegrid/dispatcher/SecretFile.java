package gamegrid.dispatcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The secret battle servers register with. Kept in a file, so that a restarted dispatcher shares it
 * with the battle servers that outlived its predecessor.
 */
final class SecretFile {
    /** A secret file larger than this is not a secret file. */
    private static final long MAX_BYTES = 4096;

    private SecretFile() {
    }

    /** Why {@code file} cannot serve as the secret file, checked before the dispatcher starts; empty when it can. */
    static Optional<String> problem(Path file) {
        if (!Files.exists(file)) {
            Path parent = file.toAbsolutePath().getParent();
            for (Path p = parent; p != null; p = p.getParent()) {
                if (Files.exists(p)) {
                    return Files.isDirectory(p) && Files.isWritable(p) ? Optional.empty()
                            : Optional.of("missing, and " + p + " is not a writable folder to create it in");
                }
            }
            return Optional.empty();
        }
        try {
            read(file);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        }
    }

    static String loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            return read(file);
        }
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        String secret = HexFormat.of().formatHex(bytes);
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, "secret", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, secret + "\n");
        Files.move(temp, file);
        return secret;
    }

    /** The secret in {@code file}; the exception's message is one line fit for an operator. */
    private static String read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new IOException("not readable by this user");
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new IOException("larger than " + MAX_BYTES + " bytes; not a secret file");
        }
        String secret;
        try {
            secret = Files.readString(file).strip();
        } catch (IOException e) {
            throw new IOException("cannot be read: " + e.getMessage(), e);
        }
        if (secret.isEmpty()) {
            throw new IOException("empty; delete it to have a new secret made, or write one in it");
        }
        if (secret.chars().anyMatch(c -> c == '|' || Character.isWhitespace(c) || c < 0x21 || c > 0x7e)) {
            throw new IOException("holds a '|', a space or a character that is not printable ASCII");
        }
        return secret;
    }
}
