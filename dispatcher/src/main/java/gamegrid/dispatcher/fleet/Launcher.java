package gamegrid.dispatcher.fleet;

import java.io.IOException;
import java.util.Optional;

/** Starts battle-server processes, and finds running ones again after a dispatcher restart. */
public interface Launcher {
    /** Starts a battle server that will listen on {@code port} and register with the dispatcher. */
    BattleProcess launch(int port) throws IOException;

    /** The running process with this pid, if there is one. */
    Optional<BattleProcess> adopt(long pid);

    /** Whether nothing else holds {@code port}, so a battle server could bind it. */
    boolean portFree(int port);
}
