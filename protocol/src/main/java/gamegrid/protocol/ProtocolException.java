package gamegrid.protocol;

/** A line that does not follow a gamegrid wire format; its message is the reason sent back after {@code ERR}. */
public final class ProtocolException extends Exception {
    public ProtocolException(String reason) {
        super(reason, null, false, false);
    }
}
