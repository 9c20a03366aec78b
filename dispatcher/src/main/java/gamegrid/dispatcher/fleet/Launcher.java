package gamegrid.dispatcher.fleet;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Starts server processes, and finds the ones an earlier dispatcher started. Called off the fleet's thread. */
public interface Launcher {
    /** Starts a server of {@code kind} that will listen on {@code port}, host {@code routes} and register with {@code credential}. */
    ServerProcess launch(KindConfig kind, int port, List<String> routes, String credential) throws IOException;

    /** The process on the roster line, if it is still running and is the same process (pid, start time, command line). */
    Optional<ServerProcess> adopt(Roster.Entry entry);

    /** Whether nothing else holds {@code port}, so a server could bind it. */
    boolean portFree(int port);
}
