package gamegrid.fightserver.bot;

import gamegrid.protocol.battle.Command;
import gamegrid.protocol.battle.Event;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link BotPlan} in-process: keeps {@code concurrency} battles going until {@code battles} have
 * started or {@code duration} is up. Battles still running at the deadline are cut and count as unfinished.
 */
public final class BotRun {
    private static final int ERROR_SAMPLES = 10;
    /** Time after the deadline for cut battles to report; their connections close at the deadline. */
    private static final Duration REPORT_MARGIN = Duration.ofSeconds(5);

    private BotRun() {
    }

    public static RunReport run(BotPlan plan) throws InterruptedException {
        long startNanos = System.nanoTime();
        long deadline = startNanos + plan.duration().toNanos();
        // Rooms of their own, so PvP pairs from this run meet each other and nobody else.
        String roomPrefix = "b" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-";
        Tally tally = new Tally();
        Semaphore lanes = new Semaphore(plan.concurrency());
        EventLoopGroup group = new NioEventLoopGroup(0, new DefaultThreadFactory("bot"));
        try {
            for (int battle = 0; battle < plan.battles(); battle++) {
                if (!lanes.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    break; // the duration is up
                }
                tally.started();
                playOne(group, plan, deadline, roomPrefix + battle).whenComplete((reports, impossible) -> {
                    tally.add(reports);
                    lanes.release();
                });
            }
            lanes.tryAcquire(plan.concurrency(), Math.max(0, deadline - System.nanoTime()) + REPORT_MARGIN.toNanos(),
                    TimeUnit.NANOSECONDS);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        return tally.report(Duration.ofNanos(System.nanoTime() - startNanos));
    }

    /** One battle: its bots' reports, or one failed report if no server could be found. Never fails. */
    private static CompletableFuture<List<BattleReport>> playOne(EventLoopGroup group, BotPlan plan, long deadline, String room) {
        Duration left = Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
        CompletableFuture<InetSocketAddress> server = plan.viaDispatcher()
                ? DispatcherClient.locate(group, plan.address(), plan.mode() == Event.Mode.PVE ? 1 : 2, left)
                : CompletableFuture.completedFuture(plan.address());
        return server.thenCompose(address -> {
            if (plan.mode() == Event.Mode.PVE) {
                return BotPlayer.play(group, address, new Command.Pve(), left, plan.think()).thenApply(List::of);
            }
            Command join = new Command.Pvp(room);
            return BotPlayer.play(group, address, join, left, plan.think())
                    .thenCombine(BotPlayer.play(group, address, join, left, plan.think()), List::of);
        }).exceptionally(e -> List.of(BattleReport.failed(String.valueOf(e.getCause() != null ? e.getCause() : e))));
    }

    /** Adds reports up as they arrive from the bots' event loops. */
    private static final class Tally {
        private final List<String> samples = new ArrayList<>();
        private int battles;
        private int won;
        private int lost;
        private int drawn;
        private int unfinished;
        private long rounds;
        private int errors;
        private final List<Long> turnaroundNanos = new ArrayList<>();

        synchronized void started() {
            battles++;
        }

        synchronized void add(List<BattleReport> reports) {
            int battleRounds = 0;
            for (BattleReport report : reports) {
                battleRounds = Math.max(battleRounds, report.rounds());
                if (report.result().isEmpty()) {
                    unfinished++;
                } else {
                    switch (report.result().get().outcome()) {
                        case WIN -> won++;
                        case LOSE -> lost++;
                        case DRAW -> drawn++;
                    }
                }
                errors += report.errors().size();
                turnaroundNanos.addAll(report.turnaroundNanos());
                for (String error : report.errors()) {
                    if (samples.size() < ERROR_SAMPLES) {
                        samples.add(error);
                    }
                }
            }
            rounds += battleRounds;
        }

        synchronized RunReport report(Duration elapsed) {
            long[] sorted = turnaroundNanos.stream().mapToLong(Long::longValue).sorted().toArray();
            return new RunReport(battles, won, lost, drawn, unfinished, rounds, errors, samples, elapsed,
                    percentileMicros(sorted, 0.50), percentileMicros(sorted, 0.99));
        }

        private static long percentileMicros(long[] sorted, double fraction) {
            return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] / 1_000;
        }
    }
}
