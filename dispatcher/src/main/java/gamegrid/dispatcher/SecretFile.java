package gamegrid.dispatcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The secret battle servers register with. Kept in a file, so that a restarted dispatcher shares it
 * with the battle servers that outlived its predecessor.
 */
final class SecretFile {
    private SecretFile() {
    }

    static String loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            String secret = Files.readString(file).strip();
            if (secret.isEmpty() || secret.contains("|")) {
                throw new IOException("secret file " + file + " is empty or holds a '|'");
            }
            return secret;
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
}
