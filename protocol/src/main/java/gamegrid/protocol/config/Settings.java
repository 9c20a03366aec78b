package gamegrid.protocol.config;

import io.netty.util.NetUtil;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.math.RoundingMode;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed reading of a {@code key=value} settings file with command-line overrides. Every bad or unknown
 * key is collected, so a daemon can report all of them at once and refuse to start.
 */
public final class Settings {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,18}(?:\\.\\d{1,9})?)\\s*(ms|s|m|h)");
    /** RFC 1123 host names: dot-separated labels of letters, digits and inner hyphens. */
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*", Pattern.CASE_INSENSITIVE);
    private static final BigDecimal LONGEST_PARSED_MILLIS = BigDecimal.valueOf(Duration.ofDays(366).toMillis());
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
     * Whether the command line asks for help ({@code --help} or {@code -h}); if so, {@code usage} has been printed
     * on stdout and the daemon should exit without starting.
     */
    public static boolean helpRequested(String[] args, String usage) {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.print(usage);
                return true;
            }
        }
        return false;
    }

    /** The {@code --help} text of a server the dispatcher launches: the {@code kind} server, {@code mainClass}. */
    public static String serverUsage(String kind, String mainClass, String configFile, String protocolDoc) {
        return "usage: java -cp target/gamegrid.jar:target/lib/* " + mainClass + " [--config=FILE] [--key=value ...]\n"
                + "  The " + kind + " server (" + protocolDoc + "). The dispatcher starts it with --host, --port,\n"
                + "  --dispatcher=HOST:PORT, --max-players and --heartbeat-interval, its credential in\n"
                + "  GAMEGRID_SERVER_CREDENTIAL and the world's secret in GAMEGRID_WORLD_SECRET; it can also run alone.\n"
                + "  --config=FILE   settings file (" + configFile + " explains every key)\n"
                + "  --key=value     overrides one setting\n"
                + "  --help          this text\n";
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

    /**
     * The longest duration {@link #duration(String, Duration, Duration)} accepts: a year, far from overflowing
     * nanoseconds (292 years); keys that size tables by their duration pass a tighter maximum.
     */
    public static final Duration DEFAULT_MAX_DURATION = Duration.ofDays(365);

    /** A duration such as {@code 250ms}, {@code 10s}, {@code 5m} or {@code 2h}, from {@code min} to a year. */
    public Duration duration(String key, Duration fallback, Duration min) {
        return duration(key, fallback, min, DEFAULT_MAX_DURATION);
    }

    /**
     * A duration such as {@code 250ms}, {@code 10s}, {@code 5m} or {@code 2h}, from {@code min} to {@code max}.
     * The cap keeps every accepted value far from overflowing nanoseconds and from sizing absurd tables.
     */
    public Duration duration(String key, Duration fallback, Duration min, Duration max) {
        String value = raw(key);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        Duration parsed = parseDuration(value);
        if (parsed == null || parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
            errors.add(key + "=" + value + ": expected a duration like 250ms, 10s or 5m, from " + describe(min)
                    + " to " + describe(max));
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

    /** An address to bind: an IP literal, or a name this machine resolves (such as {@code localhost}). */
    public String address(String key, String fallback) {
        String value = string(key, fallback);
        if (!NetUtil.isValidIpV4Address(value) && !NetUtil.isValidIpV6Address(value)) {
            try {
                InetAddress.getByName(value);
            } catch (UnknownHostException e) {
                errors.add(key + "=" + value + ": not an IP address nor a name this machine resolves");
                return fallback;
            }
        }
        return value;
    }

    /** A host name or IP literal for others to resolve; checked for its form only. */
    public String hostName(String key, String fallback) {
        String value = string(key, fallback);
        if (!NetUtil.isValidIpV4Address(value) && !NetUtil.isValidIpV6Address(value) && !HOST_NAME.matcher(value).matches()) {
            errors.add(key + "=" + value + ": not a host name nor an IP address");
            return fallback;
        }
        return value;
    }

    /** A list of IP literals (no names: a name would make the check depend on DNS); empty when unset. */
    public List<String> ipAddresses(String key) {
        List<String> addresses = list(key);
        for (String address : addresses) {
            if (!NetUtil.isValidIpV4Address(address) && !NetUtil.isValidIpV6Address(address)) {
                errors.add(key + ": " + address + " is not an IP address");
            }
        }
        return addresses.stream().filter(a -> NetUtil.isValidIpV4Address(a) || NetUtil.isValidIpV6Address(a)).toList();
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

    /** Whole or decimal milliseconds, seconds, minutes or hours; null when malformed or beyond a year. */
    static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        BigDecimal millis = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(switch (m.group(2)) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            default -> 3_600_000L;
        }));
        // Compared before converting: a huge number must be refused, not wrapped around.
        if (millis.compareTo(LONGEST_PARSED_MILLIS) > 0) {
            return null;
        }
        return Duration.ofMillis(millis.setScale(0, RoundingMode.HALF_UP).longValueExact());
    }

    private static String describe(Duration d) {
        long ms = d.toMillis();
        if (ms == 0 || ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
