package gamegrid.bench;

import gamegrid.dispatcher.fleet.Fleet;
import gamegrid.dispatcher.fleet.FleetException;
import gamegrid.dispatcher.fleet.FleetHarness;
import gamegrid.dispatcher.fleet.FleetConfig;
import gamegrid.dispatcher.fleet.KindConfig;
import gamegrid.dispatcher.fleet.RecordingLauncher;
import gamegrid.dispatcher.fleet.ServerAddress;
import gamegrid.protocol.dispatch.Request;
import java.util.List;
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
 * a {@code get} ({@link Fleet#tryAcquire}) should grow at most with the logarithm of the fleet size.
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
        KindConfig battle = new KindConfig(Request.BATTLE, "gamegrid.fightserver.BattleServerMain", 1_000_000, 7000, 0,
                1000, 0, 0, Duration.ofMillis(100), Duration.ofSeconds(15), Duration.ofMinutes(60), Duration.ofMinutes(60),
                Duration.ofMinutes(10), List.of(), 1, List.of(), List.of(), true);
        FleetConfig settings = FleetHarness.fleet(Duration.ZERO, null, battle);
        // Single-threaded: the fleet's messages run on the benchmark thread, with the real clock.
        fleet = new Fleet(settings, new RecordingLauncher(), Runnable::run, Runnable::run, System::nanoTime,
                FleetHarness.WORLD_SECRET, FleetHarness.LOCAL_HOST);
        fleet.start();
        for (int i = 0; i < servers; i++) {
            // Distinct, scattered loads (multiplicative hashing) so the index is a real tree, not a list of ties.
            int load = (int) ((i * 2_654_435_761L) % 10_000);
            fleet.register(new Request.Register(7000 + i, FleetHarness.WORLD_SECRET, load, 100_000 + i),
                    new RecordingLauncher.FakeLink()).join();
        }
    }

    @Benchmark
    public ServerAddress acquireAddDel() throws FleetException {
        ServerAddress server = fleet.tryAcquire(Request.BATTLE, "", 1);
        fleet.add(Request.BATTLE, server, "");
        fleet.del(Request.BATTLE, server, "");
        return server;
    }

    @Benchmark
    public ServerAddress acquireOnly() {
        return fleet.tryAcquire(Request.BATTLE, "", 1);
    }

    /** Adopts any pid as a process that never ends; never launches. */
}
