package gamegrid.dispatcher.fleet;

/** The dispatcher's open connection to one registered battle server. */
public interface ControlLink {
    /** Tells the server to finish its battles, take no new players and exit. */
    void drain();

    boolean isOpen();
}
