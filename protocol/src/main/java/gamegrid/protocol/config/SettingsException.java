package gamegrid.protocol.config;

import java.util.List;

/** Every problem found in a settings file and its overrides, reported together before a daemon starts. */
public final class SettingsException extends RuntimeException {
    private final List<String> problems;

    public SettingsException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
