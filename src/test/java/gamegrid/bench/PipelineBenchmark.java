package gamegrid.bench;

import gamegrid.dispatcher.fleet.RecordingLauncher;
import gamegrid.dispatcher.DispatcherConfig;
import gamegrid.dispatcher.RequestObserver;
import gamegrid.dispatcher.fleet.Fleet;
import gamegrid.dispatcher.fleet.FleetHarness;
import gamegrid.protocol.dispatch.Request;
import gamegrid.protocol.config.Settings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.StringReader;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The Java side of one {@code get} with no sockets and no kernel: 16 pipelined {@code get} lines go
 * through a session connection's whole pipeline on an {@link EmbeddedChannel} and the replies are taken
 * off, for the real dispatcher pipeline ({@code DispatcherServerInitializer} with a real {@link Fleet}
 * of 4 servers) and for the floor's. The difference is the dispatcher's own cost per request, free of
 * the machine's noise. {@link #oneShortConnection} is the Java side of a short connection instead: the
 * pipeline built, one {@code get} answered, the connection closed by the server (the one-shot mode of the
 * original clients). Run with {@code scripts/bench.sh jmh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PipelineBenchmark {
    private static final int BATCH = 16;
    private static final byte[] GETS = "get\n".repeat(BATCH).getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GET = "get\n".getBytes(StandardCharsets.US_ASCII);

    @Param({"dispatcher", "floor"})
    public String server;

    private ChannelHandler initializer;
    private EmbeddedChannel channel;

    @Setup
    public void openSession() throws Exception {
        initializer = server.equals("dispatcher") ? dispatcherInitializer() : FloorServer.initializer();
        channel = new EmbeddedChannel(initializer);
        channel.writeInbound(Unpooled.copiedBuffer("session\n", StandardCharsets.US_ASCII));
        drainOutbound();
    }

    @TearDown
    public void close() {
        channel.finishAndReleaseAll();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int sixteenPipelinedGets() {
        channel.writeInbound(Unpooled.wrappedBuffer(GETS));
        return drainOutbound();
    }

    @Benchmark
    public int oneShortConnection() {
        EmbeddedChannel shortLived = new EmbeddedChannel(initializer);
        shortLived.writeInbound(Unpooled.wrappedBuffer(GET));
        int bytes = drainOutbound(shortLived);
        if (shortLived.isOpen()) {
            throw new IllegalStateException(server + " left a one-shot connection open");
        }
        shortLived.finishAndReleaseAll();
        return bytes;
    }

    private int drainOutbound() {
        return drainOutbound(channel);
    }

    private static int drainOutbound(EmbeddedChannel channel) {
        int bytes = 0;
        for (Object out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            bytes += ((ByteBuf) out).readableBytes();
            ReferenceCountUtil.release(out);
        }
        return bytes;
    }

    /** The dispatcher's own initializer (package-private, hence reflection) over a fleet of 4 stand-ins. */
    private static ChannelInitializer<Channel> dispatcherInitializer() throws Exception {
        DispatcherConfig config = DispatcherConfig.from(Settings.read(new StringReader(""), Map.of(
                "fleet.max-players", "1000000", "fleet.reservation-timeout", "100ms", "fleet.min-servers", "0",
                "fleet.spare-high-water", "0", "fleet.adopt-window", "0ms",
                "limits.max-seats-per-connection", "2000000000", "limits.max-seats-per-address", "2000000000")));
        Fleet fleet = new Fleet(config.fleet(), new RecordingLauncher(), Runnable::run, Runnable::run, System::nanoTime,
                FleetHarness.WORLD_SECRET, FleetHarness.LOCAL_HOST);
        fleet.start();
        for (int i = 0; i < 4; i++) {
            fleet.register(new Request.Register(7000 + i, FleetHarness.WORLD_SECRET, 0, 100_000 + i),
                    new RecordingLauncher.FakeLink()).join();
        }
        Class<?> policyClass = Class.forName("gamegrid.dispatcher.ReportPolicy");
        Constructor<?> policy = policyClass.getDeclaredConstructor(Set.class);
        policy.setAccessible(true);
        Class<?> initializerClass = Class.forName("gamegrid.dispatcher.DispatcherServerInitializer");
        Constructor<?> init = initializerClass.getDeclaredConstructors()[0];
        init.setAccessible(true);
        @SuppressWarnings("unchecked")
        ChannelInitializer<Channel> initializer = (ChannelInitializer<Channel>) init.newInstance(config, fleet,
                policy.newInstance(Set.of()),
                new DefaultChannelGroup("bench", GlobalEventExecutor.INSTANCE), RequestObserver.NONE);
        return initializer;
    }
}
