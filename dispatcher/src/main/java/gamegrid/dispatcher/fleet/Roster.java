package gamegrid.dispatcher.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servers this dispatcher launched, kept in the run folder (mode 600: it holds their credentials), so
 * that a restarted dispatcher knows whom to expect back, can check that a pid is still the process it
 * launched before it ever signals it, and can stop the servers of a fleet it did not start itself.
 * One line per server: {@code KIND PORT PID START_MILLIS CREDENTIAL ROUTES}.
 */
public final class Roster {
    private static final Logger log = LoggerFactory.getLogger(Roster.class);

    /** One launched server. {@code startMillis} is the process's start time, which tells it from a later process with the same pid. */
    public record Entry(String kind, int port, long pid, long startMillis, String credential, List<String> routes) {
        public Entry {
            routes = List.copyOf(routes);
        }

        String line() {
            return kind + " " + port + " " + pid + " " + startMillis + " " + credential + " "
                    + (routes.isEmpty() ? "-" : String.join(",", routes));
        }

        static Entry parse(String line) {
            String[] f = line.trim().split(" ");
            if (f.length != 6) {
                throw new IllegalArgumentException("expected 6 fields");
            }
            List<String> routes = f[5].equals("-") ? List.of() : List.of(f[5].split(","));
            return new Entry(f[0], Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), f[4], routes);
        }
    }

    private final Path file;

    public Roster(Path file) {
        this.file = file;
    }

    /** The servers a previous dispatcher left; unreadable lines are skipped with a warning. */
    public List<Entry> read() {
        List<Entry> entries = new ArrayList<>();
        if (file == null || !Files.exists(file)) {
            return entries;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    entries.add(Entry.parse(line));
                } catch (IllegalArgumentException e) {
                    log.warn("skipping a bad roster line in {}: {}", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            log.warn("cannot read the roster {}: {}", file, e.toString());
        }
        return entries;
    }

    /** Replaces the roster with {@code entries}, atomically. */
    public void write(Collection<Entry> entries) {
        if (file == null) {
            return;
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temp = Files.createTempFile(parent, "roster", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            StringBuilder text = new StringBuilder();
            entries.forEach(e -> text.append(e.line()).append('\n'));
            Files.writeString(temp, text);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.error("cannot write the roster {}: {}", file, e.toString());
        }
    }
}
