package gamegrid.protocol.link;

/** Exit statuses every kind of server uses, so that the dispatcher's log and {@code stats} can say why one ended. */
public final class ServerExit {
    /** A bad configuration: it will fail again the same way. */
    public static final int BAD_CONFIG = 2;
    /** The port was taken by another program. */
    public static final int PORT_TAKEN = 3;
    /** The dispatcher refused this server for good (an unknown credential: its fleet is gone). */
    public static final int REFUSED = 4;

    private ServerExit() {
    }

    /** What an exit status means, for a log line; the JDK reports a death by signal N as 128 + N. */
    public static String describe(int status) {
        return switch (status) {
            case BAD_CONFIG -> "bad configuration (exit code 2)";
            case PORT_TAKEN -> "port taken (exit code 3)";
            case REFUSED -> "refused by the dispatcher (exit code 4)";
            default -> status > 128 ? "killed by signal " + (status - 128) : "exit code " + status;
        };
    }
}
