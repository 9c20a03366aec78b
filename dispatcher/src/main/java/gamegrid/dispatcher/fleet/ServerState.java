package gamegrid.dispatcher.fleet;

/** Where a battle server is in its life, as the dispatcher sees it. */
public enum ServerState {
    /** Launched, not yet registered: seats may be promised, but no client is sent there yet. */
    STARTING,
    /** Registered and heart-beating: routable. */
    READY,
    /** Silent past the heartbeat timeout or its control link dropped: out of routing until it speaks again. */
    UNRESPONSIVE,
    /** Told to finish its battles and exit: out of routing for good. */
    DRAINING
}
