package gamegrid.dispatcher.fleet;

import java.util.concurrent.CompletableFuture;

/** A battle-server process the dispatcher launched or adopted after a restart. */
public interface BattleProcess {
    long pid();

    /** Completes when the process is gone, with a description of its exit status for the log. */
    CompletableFuture<String> exited();

    boolean isAlive();

    /** Asks the process to exit (SIGTERM). */
    void terminate();

    /** Ends the process at once (SIGKILL). */
    void kill();
}
