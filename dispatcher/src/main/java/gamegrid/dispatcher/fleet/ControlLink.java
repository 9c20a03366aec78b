package gamegrid.dispatcher.fleet;

/** The dispatcher's open connection to one registered server. */
public interface ControlLink {
    /** Tells the server to finish what its players are doing, take no new players and exit. */
    void drain();

    boolean isOpen();
}
