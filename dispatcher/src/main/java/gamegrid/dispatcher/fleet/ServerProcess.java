package gamegrid.dispatcher.fleet;

import java.util.concurrent.CompletableFuture;

/** A server process the dispatcher launched, or adopted from an earlier dispatcher after checking who it is. */
public interface ServerProcess {
    long pid();

    /** Completes when the process is gone, with a description of its exit status for the log and {@code stats}. */
    CompletableFuture<String> exited();

    /** Alive and not a zombie. */
    boolean isAlive();

    /** Asks the process to exit (SIGTERM). */
    void terminate();

    /** Ends the process at once (SIGKILL). */
    void kill();
}
