package gamegrid.chatserver;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The chat state file: written whole to a temporary file, forced to disk, then renamed over the old one,
 * so a crash leaves either the old or the new state, never half of one.
 */
final class ChatStore {
    private final Path file;

    ChatStore(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** Loads the saved state into {@code state}; returns false when there is no file yet. */
    boolean load(ChatState state) throws IOException {
        if (!Files.exists(file)) {
            return false;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            state.read(in);
        }
        return true;
    }

    /** The state as text, taken on the hub's thread; {@link #write} can then run anywhere. */
    static String snapshot(ChatState state, boolean clean) {
        StringWriter out = new StringWriter();
        try {
            state.write(out, clean);
        } catch (IOException e) {
            throw new IllegalStateException("a StringWriter does not fail", e);
        }
        return out.toString();
    }

    void write(String snapshot) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = parent.resolve(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING); Writer out = new java.io.OutputStreamWriter(
                java.nio.channels.Channels.newOutputStream(channel), StandardCharsets.UTF_8)) {
            out.write(snapshot);
            out.flush();
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
