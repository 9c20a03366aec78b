package gamegrid.dispatcher.fleet;

/** The dispatcher's open connection to one registered server. */
public interface ControlLink {
    /** Tells the server to finish what its players are doing, take no new players and exit. */
    void drain();

    boolean isOpen();

    /** Asks the server to mark itself allocated before players are sent to it; it answers {@code allocated|PORT}. */
    void allocate();

    /** Closes a link the server has replaced with a new one (the old one went silent, half-open). */
    void close();
}
