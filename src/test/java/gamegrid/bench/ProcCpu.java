package gamegrid.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU time a process has used (user + system, all threads, living and ended), read from
 * {@code /proc/PID/stat}: fields 14 and 15, in clock ticks.
 */
final class ProcCpu {
    private final Path stat;
    private final long nanosPerTick;

    /** @param clockTicksPerSecond {@code getconf CLK_TCK}, 100 on every Linux we run on */
    ProcCpu(long pid, long clockTicksPerSecond) {
        this(Path.of("/proc", Long.toString(pid), "stat"), clockTicksPerSecond);
    }

    private ProcCpu(Path stat, long clockTicksPerSecond) {
        this.stat = stat;
        this.nanosPerTick = 1_000_000_000L / clockTicksPerSecond;
    }

    /**
     * The threads of process {@code pid} living now whose name ({@code /proc/PID/task/TID/comm}) starts with
     * {@code namePrefix}, each read from its own {@code stat} (same fields): an event loop's CPU apart from the JIT's.
     */
    static List<ProcCpu> threadsOf(long pid, String namePrefix, long clockTicksPerSecond) {
        List<ProcCpu> threads = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                if (Files.readString(task.resolve("comm")).startsWith(namePrefix)) {
                    threads.add(new ProcCpu(task.resolve("stat"), clockTicksPerSecond));
                }
            }
        } catch (IOException e) {
            // the process or a thread is gone: what was found so far
        }
        return threads;
    }

    /** CPU nanoseconds so far, at the resolution of one clock tick; -1 when the process is gone. */
    long cpuNanos() {
        try {
            String line = Files.readString(stat);
            // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(fields[11]); // field 14
            long stime = Long.parseLong(fields[12]); // field 15
            return (utime + stime) * nanosPerTick;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU nanoseconds every core of the machine has spent busy since boot (the {@code cpu} line of {@code /proc/stat}); -1 if unreadable. */
    static long machineBusyNanos(long clockTicksPerSecond) {
        try (BufferedReader reader = Files.newBufferedReader(Path.of("/proc/stat"))) {
            String[] f = reader.readLine().trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...: busy is everything but idle and iowait.
            long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]) + Long.parseLong(f[8]);
            return busy * (1_000_000_000L / clockTicksPerSecond);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
