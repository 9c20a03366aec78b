package gamegrid.bench;

import gamegrid.dispatcher.fleet.Fleet;
import gamegrid.dispatcher.fleet.FleetException;
import gamegrid.dispatcher.fleet.FleetSettings;
import gamegrid.dispatcher.fleet.RecordingLauncher;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Least-loaded selection in {@link Fleet} as the number of registered battle servers grows: the cost of
 * a {@code get} ({@link Fleet#acquire()}) should grow at most with the logarithm of the fleet size.
 * Run with {@code scripts/bench.sh jmh}.
 *
 * <ul>
 *   <li>{@code acquireAddDel}: steady state of one player: {@code get} reserves a seat, the player's
 *       {@code add} claims it, a {@code del} frees it; loads end where they started.</li>
 *   <li>{@code acquireOnly}: a burst of {@code get}s: reservations pile up on the least-loaded servers in
 *       turn and expire after {@code fleet.reservation-timeout}, so the winner keeps changing.</li>
 * </ul>
 * Servers start with distinct loads, so the routing index holds {@code servers} distinct keys.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FleetSelectionBenchmark {
    @Param({"10", "100", "1000"})
    public int servers;

    private Fleet fleet;

    @Setup
    public void registerServers() throws FleetException {
        FleetSettings settings = new FleetSettings(1_000_000, 7000, 0, 1000, 0, 0, Duration.ofMillis(100),
                Duration.ofSeconds(15), Duration.ofMinutes(60), Duration.ofMinutes(60), Duration.ofMinutes(10),
                Duration.ZERO);
        fleet = new Fleet(settings, new RecordingLauncher(), Runnable::run, System::nanoTime);
        fleet.start();
        for (int i = 0; i < servers; i++) {
            // Distinct, scattered loads (multiplicative hashing) so the index is a real tree, not a list of ties.
            int load = (int) ((i * 2_654_435_761L) % 10_000);
            fleet.register(7000 + i, load, 100_000 + i, new RecordingLauncher.FakeLink());
        }
    }

    @Benchmark
    public int acquireAddDel() throws FleetException {
        int port = fleet.acquire().join();
        fleet.add(port);
        fleet.del(port);
        return port;
    }

    @Benchmark
    public int acquireOnly() {
        return fleet.acquire().join();
    }

    /** Adopts any pid as a process that never ends; never launches. */
}
