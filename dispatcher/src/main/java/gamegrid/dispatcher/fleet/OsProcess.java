package gamegrid.dispatcher.fleet;

import gamegrid.protocol.link.ServerExit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/** A real operating-system process, launched by this dispatcher or adopted from an earlier one. */
final class OsProcess implements ServerProcess {
    private final ProcessHandle handle;
    private final CompletableFuture<String> exited;

    private OsProcess(ProcessHandle handle, CompletableFuture<String> exited) {
        this.handle = handle;
        this.exited = exited;
    }

    /** A child of this JVM: its exit status is known exactly, the moment it exits. */
    static OsProcess launched(Process process) {
        return new OsProcess(process.toHandle(), process.onExit().thenApply(p -> ServerExit.describe(p.exitValue())));
    }

    /** A process started by an earlier dispatcher: the JDK polls for its end and cannot see its status. */
    static OsProcess adopted(ProcessHandle handle) {
        return new OsProcess(handle, handle.onExit().thenApply(h -> "ended (adopted process, status unknown)"));
    }

    @Override
    public long pid() {
        return handle.pid();
    }

    @Override
    public CompletableFuture<String> exited() {
        return exited;
    }

    /** A zombie (dead, not yet reaped by its parent) counts as alive for the JDK; not here. */
    @Override
    public boolean isAlive() {
        return handle.isAlive() && !isZombie(handle.pid());
    }

    static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The state follows the command name, which is in parentheses and may itself hold spaces.
            int close = stat.lastIndexOf(')');
            return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            return false; // no /proc (not Linux) or already gone: the JDK's answer stands
        }
    }

    @Override
    public void terminate() {
        handle.destroy();
    }

    @Override
    public void kill() {
        handle.destroyForcibly();
    }
}
