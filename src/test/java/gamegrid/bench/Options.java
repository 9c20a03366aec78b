package gamegrid.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/** {@code --key=value} arguments of the benchmark mains; an unknown key is an error, not a silent default. */
final class Options {
    private final Map<String, String> values;
    private final Map<String, String> unread;

    private Options(Map<String, String> values) {
        this.values = values;
        this.unread = new HashMap<>(values);
    }

    static Options parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 3) {
                throw new IllegalArgumentException("bad argument '" + arg + "': use --key=value");
            }
            values.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        return new Options(values);
    }

    String text(String key, String fallback) {
        unread.remove(key);
        return values.getOrDefault(key, fallback);
    }

    int integer(String key, int fallback) {
        return Math.toIntExact(longValue(key, fallback));
    }

    long longValue(String key, long fallback) {
        String value = text(key, null);
        try {
            return value == null ? fallback : Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " is not a number: " + value);
        }
    }

    /** {@code 250ms}, {@code 10s}, {@code 2m}. */
    Duration duration(String key, Duration fallback) {
        String value = text(key, null);
        if (value == null) {
            return fallback;
        }
        try {
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            } else if (value.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
            } else if (value.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--" + key + " is not a duration like 250ms, 10s or 2m: " + value);
    }

    void rejectUnread() {
        if (!unread.isEmpty()) {
            throw new IllegalArgumentException("unknown options: " + new TreeSet<>(unread.keySet()));
        }
    }
}
