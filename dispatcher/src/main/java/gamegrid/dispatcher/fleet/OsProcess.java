package gamegrid.dispatcher.fleet;

import java.util.concurrent.CompletableFuture;

/** A real operating-system process, launched by this dispatcher or adopted from an earlier one. */
final class OsProcess implements BattleProcess {
    private final ProcessHandle handle;
    private final CompletableFuture<String> exited;

    private OsProcess(ProcessHandle handle, CompletableFuture<String> exited) {
        this.handle = handle;
        this.exited = exited;
    }

    /** A child of this JVM: its exit status is known exactly, the moment it exits. */
    static OsProcess launched(Process process) {
        return new OsProcess(process.toHandle(), process.onExit().thenApply(p -> describe(p.exitValue())));
    }

    /** A process started by an earlier dispatcher: the JDK polls for its end and cannot see its status. */
    static OsProcess adopted(ProcessHandle handle) {
        return new OsProcess(handle, handle.onExit().thenApply(h -> "unknown (adopted process)"));
    }

    private static String describe(int exitValue) {
        // The JDK reports a death by signal N as 128 + N.
        return exitValue > 128 ? "killed by signal " + (exitValue - 128) : "exit code " + exitValue;
    }

    @Override
    public long pid() {
        return handle.pid();
    }

    @Override
    public CompletableFuture<String> exited() {
        return exited;
    }

    @Override
    public boolean isAlive() {
        return handle.isAlive();
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
