package gamegrid.dispatcher.fleet;

/** Where a server is in its life, as the dispatcher sees it. */
public enum ServerState {
    /** Launched (or left by an earlier dispatcher), not yet registered: seats may be promised, but nobody is sent there. */
    STARTING,
    /** Registered and heart-beating: routable. */
    READY,
    /**
     * Registered and empty, not yet marked allocated: a dispatcher that launches no servers of its kind
     * (under Agones) sends it {@code ALLOCATE} and routes players to it only once it answers {@code allocated}.
     */
    STANDBY,
    /** Silent past the heartbeat timeout or its control link dropped: out of routing until it speaks again. */
    UNRESPONSIVE,
    /** Told to finish and exit: out of routing for good. */
    DRAINING
}
