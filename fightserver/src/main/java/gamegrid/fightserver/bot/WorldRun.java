package gamegrid.fightserver.bot;

import gamegrid.protocol.map.tiles.MapCatalog;
import gamegrid.protocol.ticket.TicketAuthority;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a {@link WorldPlan} in-process: {@code bots} new players walk the world until the duration is up, then report. */
public final class WorldRun {
    private static final int ERROR_SAMPLES = 10;
    /** Time after the deadline for bots to finish the battle or handover they are in and make their last check. */
    private static final Duration FINISH_MARGIN = Duration.ofSeconds(30);

    private WorldRun() {
    }

    public static WorldReport run(WorldPlan plan) throws IOException, InterruptedException {
        MapCatalog maps = MapCatalog.load(plan.mapDir());
        TicketAuthority tickets = new TicketAuthority(plan.worldSecret());
        String run = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL); // fresh names each run
        long startNanos = System.nanoTime();
        long deadline = startNanos + plan.duration().toNanos();
        Tally tally = new Tally();
        EventLoopGroup group = new NioEventLoopGroup(0, new DefaultThreadFactory("world-bot"));
        try {
            List<CompletableFuture<Void>> bots = new ArrayList<>(plan.bots());
            for (int i = 0; i < plan.bots(); i++) {
                String name = "w" + run + "-" + i;
                String ticket = tickets.mint(name, Instant.now(), plan.duration().plus(FINISH_MARGIN).plusMinutes(5)).token();
                bots.add(new WorldBot(group.next(), plan, maps, name, ticket, tally, deadline, startNanos + i).start());
            }
            try {
                CompletableFuture.allOf(bots.toArray(CompletableFuture[]::new))
                        .get(plan.duration().plus(FINISH_MARGIN).toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                tally.error((int) bots.stream().filter(b -> !b.isDone()).count() + " bots did not finish in time");
            } catch (java.util.concurrent.ExecutionException impossible) {
                throw new IllegalStateException("bots never fail their futures", impossible);
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        return tally.report(plan.bots(), Duration.ofNanos(System.nanoTime() - startNanos));
    }

    /** Adds up what the bots saw, from their event loops. */
    static final class Tally {
        private final List<Long> handoffNanos = new ArrayList<>();
        private final List<String> samples = new ArrayList<>();
        private long moves;
        private int battles;
        private int won;
        private int mismatches;
        private int errors;

        synchronized void handoff(long nanos) {
            handoffNanos.add(nanos);
        }

        synchronized void move() {
            moves++;
        }

        synchronized void battle(boolean wasWon) {
            battles++;
            if (wasWon) {
                won++;
            }
        }

        synchronized void mismatch(String what) {
            mismatches++;
            sample(what);
        }

        synchronized void error(String what) {
            errors++;
            sample(what);
        }

        private void sample(String what) {
            if (samples.size() < ERROR_SAMPLES) {
                samples.add(what);
            }
        }

        synchronized WorldReport report(int bots, Duration elapsed) {
            long[] sorted = handoffNanos.stream().mapToLong(Long::longValue).sorted().toArray();
            return new WorldReport(bots, sorted.length, percentileMicros(sorted, 0.50), percentileMicros(sorted, 0.99), moves,
                    battles, won, mismatches, errors, samples, elapsed);
        }

        private static long percentileMicros(long[] sorted, double fraction) {
            return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] / 1_000;
        }
    }
}
