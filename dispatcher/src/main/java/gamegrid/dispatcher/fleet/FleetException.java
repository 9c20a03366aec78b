package gamegrid.dispatcher.fleet;

/** A fleet request that was refused; the message is the reason clients see after {@code ERR}. */
public final class FleetException extends Exception {
    public FleetException(String reason) {
        super(reason, null, false, false);
    }
}
