package gamegrid.dispatcher;

/** Why the dispatcher could not start, in one line for an operator (no stack trace is worth more). */
public final class StartupException extends Exception {
    StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
