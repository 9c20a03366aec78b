package gamegrid.protocol.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reading of a {@code key=value} settings file with command-line overrides. Every bad or unknown
 * key is collected, so a daemon can report all of them at once and refuse to start.
 */
public final class Settings {
    private final Map<String, String> values;
    private final Set<String> unread;
    private final List<String> errors = new ArrayList<>();

    private Settings(Map<String, String> values) {
        this.values = values;
        this.unread = new TreeSet<>(values.keySet());
    }

    /** Reads {@code reader} (java.util.Properties syntax), then applies {@code overrides} on top. */
    public static Settings read(Reader reader, Map<String, String> overrides) throws IOException {
        Properties properties = new Properties();
        properties.load(reader);
        Map<String, String> values = new HashMap<>();
        properties.forEach((k, v) -> values.put(k.toString().trim(), v.toString().trim()));
        values.putAll(overrides);
        return new Settings(values);
    }

    /** Reads a settings file, or only the overrides when {@code file} is null. */
    public static Settings read(Path file, Map<String, String> overrides) throws IOException {
        if (file == null) {
            return read(Reader.nullReader(), overrides);
        }
        try (Reader reader = Files.newBufferedReader(file)) {
            return read(reader, overrides);
        }
    }

    /**
     * Reads a daemon's command line: {@code --config=FILE} names the settings file (else
     * {@code defaultFile}, when it exists), every other {@code --key=value} overrides it.
     */
    public static Settings fromCommandLine(String[] args, Path defaultFile) throws IOException {
        Map<String, String> overrides = parseArguments(args);
        String file = overrides.remove("config");
        Path path = file != null ? Path.of(file) : defaultFile != null && Files.exists(defaultFile) ? defaultFile : null;
        return read(path, overrides);
    }

    /**
     * Splits {@code --key=value} arguments into overrides; {@code --config=FILE} is returned under key
     * {@code config}. Anything else is an error.
     */
    public static Map<String, String> parseArguments(String[] args) {
        Map<String, String> overrides = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 3) {
                throw new SettingsException(List.of("bad argument '" + arg + "': use --key=value"));
            }
            overrides.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        return overrides;
    }

    public String string(String key, String fallback) {
        String value = raw(key);
        return value == null || value.isEmpty() ? fallback : value;
    }

    public int integer(String key, int fallback, int min, int max) {
        String value = raw(key);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below together with the range
        }
        errors.add(key + "=" + value + ": expected a whole number from " + min + " to " + max);
        return fallback;
    }

    public boolean bool(String key, boolean fallback) {
        String value = raw(key);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> {
                return true;
            }
            case "false", "no", "off" -> {
                return false;
            }
            default -> {
                errors.add(key + "=" + value + ": expected true or false");
                return fallback;
            }
        }
    }

    /** A duration such as {@code 250ms}, {@code 10s} or {@code 5m}, at least {@code min}. */
    public Duration duration(String key, Duration fallback, Duration min) {
        String value = raw(key);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        Duration parsed = parseDuration(value);
        if (parsed == null || parsed.compareTo(min) < 0) {
            errors.add(key + "=" + value + ": expected a duration like 250ms, 10s or 5m, at least " + min.toMillis() + "ms");
            return fallback;
        }
        return parsed;
    }

    /** A comma- or space-separated list; empty when unset. */
    public List<String> list(String key) {
        String value = raw(key);
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return List.of(value.trim().split("[,\\s]+"));
    }

    public Path path(String key, String fallback) {
        return Path.of(string(key, fallback));
    }

    /** Records a cross-field problem found by the caller. */
    public void error(String message) {
        errors.add(message);
    }

    /** Throws with every problem found, including keys nobody asked for (usually typos). */
    public void validate() {
        List<String> all = new ArrayList<>(errors);
        unread.forEach(key -> all.add(key + ": unknown setting"));
        if (!all.isEmpty()) {
            throw new SettingsException(all);
        }
    }

    private String raw(String key) {
        unread.remove(key);
        return values.get(key);
    }

    private static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else if (t.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            } else if (t.endsWith("m")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }
}
