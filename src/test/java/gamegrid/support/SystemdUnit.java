package gamegrid.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A unit file of {@code config/systemd}, read for what a test needs: the arguments its {@code ExecStart} gives the
 * daemon's main class, with {@code %i} and {@code ${VAR}} expanded as systemd does, so a test starts a server exactly
 * as the unit would (in its own JVM and classpath). The units use neither quotes nor escapes, and this reads none.
 */
public record SystemdUnit(Path file) {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)}");

    /** {@code config/systemd/NAME}. */
    public static SystemdUnit named(String name) {
        return new SystemdUnit(Path.of("config/systemd", name));
    }

    /**
     * The words of {@code ExecStart} after {@code mainClass}, for the unit instance {@code instance} and the
     * environment {@code env} (its {@code EnvironmentFile}); fails if the unit does not run {@code mainClass} or
     * names a variable {@code env} does not set.
     */
    public List<String> arguments(String mainClass, String instance, Map<String, String> env) throws IOException {
        String execStart = Files.readAllLines(file).stream().filter(l -> l.startsWith("ExecStart=")).findFirst()
                .orElseThrow(() -> new IllegalStateException(file + " has no ExecStart"));
        List<String> words = Arrays.asList(execStart.substring("ExecStart=".length()).trim().split("\\s+"));
        int main = words.indexOf(mainClass);
        if (main < 0) {
            throw new IllegalStateException(file + " does not run " + mainClass + ": " + execStart);
        }
        List<String> arguments = new ArrayList<>();
        for (String word : words.subList(main + 1, words.size())) {
            Matcher variable = VARIABLE.matcher(word.replace("%i", instance));
            StringBuilder expanded = new StringBuilder();
            while (variable.find()) {
                String value = env.get(variable.group(1));
                if (value == null) {
                    throw new IllegalStateException(file + " uses ${" + variable.group(1) + "}, which the environment does not set");
                }
                variable.appendReplacement(expanded, Matcher.quoteReplacement(value));
            }
            arguments.add(variable.appendTail(expanded).toString());
        }
        return arguments;
    }
}
