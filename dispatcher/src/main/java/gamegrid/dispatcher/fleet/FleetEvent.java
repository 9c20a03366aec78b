package gamegrid.dispatcher.fleet;

/**
 * Something that happened to a server of the fleet, told to subscribers (metrics, the status page) on the
 * fleet's thread, in the order it happened.
 *
 * @param type   what happened
 * @param kind   the server's kind
 * @param port   its port
 * @param pid    its pid when known, else 0
 * @param millis for {@link Type#READY}, how long it took to start; for {@link Type#BACKOFF}, the wait before the next attempt
 * @param detail an exit status, a cause, or empty
 */
public record FleetEvent(Type type, String kind, int port, long pid, long millis, String detail) {
    /** The events of a server's life. */
    public enum Type {
        /** A process was started. */
        LAUNCHED,
        /** It registered and takes players ({@code millis}: start time, for a launch). */
        READY,
        /** A server of an earlier dispatcher, or one not launched here, registered. */
        ADOPTED,
        /** Out of routing: silent, or its link dropped. */
        UNRESPONSIVE,
        /** Told to finish and exit. */
        DRAINING,
        /** Exited as asked. */
        STOPPED,
        /** Exited, or was given up, without being asked. */
        CRASHED,
        /** A start failed; the next launch of the kind waits {@code millis}. */
        BACKOFF
    }
}
