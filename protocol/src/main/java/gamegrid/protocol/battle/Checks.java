package gamegrid.protocol.battle;

import java.util.Objects;

/** The value checks the battle records share, so a record can never hold what its line could not carry. */
final class Checks {
    private Checks() {
    }

    static void fighter(int id) {
        if (id < 1) {
            throw new IllegalArgumentException("fighter ids start at 1: " + id);
        }
    }

    static void notNegative(int value, String what) {
        if (value < 0) {
            throw new IllegalArgumentException("negative " + what + ": " + value);
        }
    }

    /** A free-text field: present, and without the separator that would split it. */
    static void token(String text, String what) {
        Objects.requireNonNull(text, what);
        if (text.isEmpty() || text.indexOf('|') >= 0) {
            throw new IllegalArgumentException("bad " + what + ": " + text);
        }
    }
}
