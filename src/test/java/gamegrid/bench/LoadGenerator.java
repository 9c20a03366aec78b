package gamegrid.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Closed-loop load generator for the dispatcher protocol, on one non-blocking Netty event loop, towards
 * 127.0.0.1 only. Modes: {@code short} (a new connection per {@code get}, the server closes it; N in
 * flight), {@code persistent} (C {@code session} connections, one {@code get} in flight each) and
 * {@code pipelined} (C sessions, {@code --depth} {@code get}s in flight each).
 *
 * <p>Runs a warm-up, then measures for {@code --duration} or until {@code --max-requests} requests have
 * been sent in all, whichever comes first, then stops by itself. Prints a human summary and one
 * {@code RESULT key=value ...} line for scripts. With {@code --server-pid} it also reports the server
 * process's CPU time per request, read from {@code /proc}.
 *
 * <pre>
 * java -cp ... gamegrid.bench.LoadGenerator --port=6000 --mode=pipelined --concurrency=16 --depth=16 \
 *     --warmup=3s --duration=10s --max-requests=50000000 --server-pid=1234 --label=dispatcher
 * </pre>
 */
public final class LoadGenerator {
    private static final String HOST = "127.0.0.1"; // loopback only, by design
    private static final byte[] GET = "get\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SESSION = "session\n".getBytes(StandardCharsets.US_ASCII);
    /** After the window closes, replies still in flight get this long before connections are cut. */
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(2);

    private enum Mode { SHORT, PERSISTENT, PIPELINED }

    private enum Phase { WARMUP, MEASURE, STOPPED }

    private final Mode mode;
    private final int concurrency;
    private final int depth;
    private final long warmupNanos;
    private final long durationNanos;
    private final long maxRequests;
    private final ProcCpu serverCpu;
    private final ProcCpu clientCpu;
    private final long clockTicks;
    private final String label;
    private final InetSocketAddress target;

    // Everything below is owned by the single event loop.
    private final LatencyHistogram histogram = new LatencyHistogram();
    private final Set<Channel> open = new HashSet<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private EventLoop loop;
    private Bootstrap bootstrap;
    private Phase phase = Phase.WARMUP;
    private long sent;
    private long warmupCompleted;
    private long measuredCompleted;
    private long measuredErrors;
    private long totalErrors;
    private long windowStartNanos;
    private long windowEndNanos;
    private long serverCpuStart;
    private long serverCpuEnd;
    private long clientCpuStart;
    private long clientCpuEnd;
    private long machineBusyStart;
    private long machineBusyEnd;
    private String firstError;

    private LoadGenerator(Options o) {
        this.mode = Mode.valueOf(o.text("mode", "persistent").toUpperCase(Locale.ROOT));
        this.concurrency = o.integer("concurrency", mode == Mode.PIPELINED ? 16 : mode == Mode.SHORT ? 32 : 64);
        this.depth = mode == Mode.PIPELINED ? o.integer("depth", 16) : 1;
        this.warmupNanos = o.duration("warmup", Duration.ofSeconds(3)).toNanos();
        this.durationNanos = o.duration("duration", Duration.ofSeconds(10)).toNanos();
        this.maxRequests = o.longValue("max-requests", 50_000_000L);
        this.clockTicks = o.longValue("clk-tck", 100);
        long serverPid = o.longValue("server-pid", 0);
        this.serverCpu = serverPid > 0 ? new ProcCpu(serverPid, clockTicks) : null;
        this.clientCpu = new ProcCpu(ProcessHandle.current().pid(), clockTicks);
        this.label = o.text("label", "server");
        this.target = new InetSocketAddress(HOST, o.integer("port", 6000));
        if (concurrency < 1 || depth < 1 || durationNanos <= 0 || maxRequests < 1) {
            throw new IllegalArgumentException("concurrency, depth, duration and max-requests must be positive");
        }
        o.rejectUnread();
    }

    public static void main(String[] args) throws Exception {
        LoadGenerator generator;
        try {
            generator = new LoadGenerator(Options.parse(args));
        } catch (IllegalArgumentException e) {
            System.err.println("load generator: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(generator.run() ? 0 : 1);
    }

    private boolean run() throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = epoll
                ? new EpollEventLoopGroup(1, new DefaultThreadFactory("loadgen"))
                : new NioEventLoopGroup(1, new DefaultThreadFactory("loadgen"));
        try {
            loop = group.next();
            bootstrap = new Bootstrap()
                    .group(loop)
                    .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                    .handler(new ChannelInboundHandlerAdapter()); // replaced per connection
            System.out.printf(Locale.ROOT, "loadgen %s -> %s:%d mode=%s concurrency=%d depth=%d warmup=%.1fs "
                            + "duration=%.1fs max-requests=%d transport=%s%n", label, HOST, target.getPort(),
                    mode.name().toLowerCase(Locale.ROOT), concurrency, depth, warmupNanos / 1e9, durationNanos / 1e9,
                    maxRequests, epoll ? "epoll" : "nio");
            loop.execute(this::begin);
            long boundMillis = TimeUnit.NANOSECONDS.toMillis(warmupNanos + durationNanos + DRAIN_NANOS) + 5_000;
            if (!finished.await(boundMillis, TimeUnit.MILLISECONDS)) {
                System.err.println("load generator: did not finish in " + boundMillis + " ms; giving up");
                return false;
            }
            report();
            return measuredCompleted > 0;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private void begin() {
        for (int i = 0; i < concurrency; i++) {
            if (mode == Mode.SHORT) {
                connectShort();
            } else {
                connectSession();
            }
        }
        loop.schedule(this::startWindow, warmupNanos, TimeUnit.NANOSECONDS);
        loop.schedule(this::endWindow, warmupNanos + durationNanos, TimeUnit.NANOSECONDS);
    }

    private void startWindow() {
        if (phase != Phase.WARMUP) {
            return;
        }
        phase = Phase.MEASURE;
        clientCpuStart = clientCpu.cpuNanos();
        machineBusyStart = ProcCpu.machineBusyNanos(clockTicks);
        serverCpuStart = serverCpu == null ? -1 : serverCpu.cpuNanos();
        windowStartNanos = System.nanoTime();
    }

    private void endWindow() {
        if (phase == Phase.STOPPED) {
            return;
        }
        if (phase == Phase.WARMUP) {
            startWindow(); // max-requests ran out during warm-up: an empty window
        }
        phase = Phase.STOPPED;
        windowEndNanos = System.nanoTime();
        serverCpuEnd = serverCpu == null ? -1 : serverCpu.cpuNanos();
        clientCpuEnd = clientCpu.cpuNanos();
        machineBusyEnd = ProcCpu.machineBusyNanos(clockTicks);
        if (open.isEmpty()) {
            finished.countDown();
        } else {
            loop.schedule(this::closeAll, DRAIN_NANOS, TimeUnit.NANOSECONDS);
        }
    }

    private void closeAll() {
        for (Channel channel : List.copyOf(open)) {
            channel.close();
        }
        finished.countDown();
    }

    /** Whether another request may be sent now; counts it if so. */
    private boolean takeRequest() {
        if (phase == Phase.STOPPED) {
            return false;
        }
        if (sent >= maxRequests) {
            endWindow();
            return false;
        }
        sent++;
        return true;
    }

    private void completed(long sentAtNanos, long now) {
        if (phase == Phase.MEASURE) {
            measuredCompleted++;
            histogram.record(now - sentAtNanos);
        } else if (phase == Phase.WARMUP) {
            warmupCompleted++;
        }
    }

    private void failed(String what) {
        totalErrors++;
        if (phase == Phase.MEASURE) {
            measuredErrors++;
        }
        if (firstError == null) {
            firstError = what;
        }
    }

    private void opened(Channel channel) {
        open.add(channel);
        channel.closeFuture().addListener(f -> {
            open.remove(channel);
            if (phase == Phase.STOPPED && open.isEmpty()) {
                finished.countDown();
            }
        });
    }

    // --- short: one connection per get ---------------------------------------------------------------

    private void connectShort() {
        if (!takeRequest()) {
            return;
        }
        long started = System.nanoTime();
        ChannelFuture connect = bootstrap.clone().handler(new ShortConnection(started)).connect(target);
        opened(connect.channel());
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                failed("connect: " + f.cause());
                // A refused connection fails at once: wait a little rather than spin.
                loop.schedule(this::connectShort, 10, TimeUnit.MILLISECONDS);
            }
        });
    }

    /** connect, send {@code get}, read the reply, wait for the server to close, start the next. */
    private final class ShortConnection extends ChannelInboundHandlerAdapter {
        private final long started;
        private final ReplyScanner scanner = new ReplyScanner();
        private boolean answered;

        ShortConnection(long started) {
            this.started = started;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(GET));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                int lines = scanner.scan(in);
                if (lines > 0 && !answered) {
                    answered = true;
                    if (scanner.errors > 0) {
                        failed("reply: " + scanner.lastError);
                    } else {
                        completed(started, System.nanoTime());
                    }
                }
            } finally {
                in.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!answered && phase != Phase.STOPPED) {
                failed("closed without a reply");
            }
            connectShort();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failed("short connection: " + cause);
            answered = true; // counted once
            ctx.close();
        }
    }

    // --- persistent and pipelined: long-lived sessions -----------------------------------------------

    private void connectSession() {
        ChannelFuture connect = bootstrap.clone().handler(new SessionConnection()).connect(target);
        opened(connect.channel());
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                failed("connect: " + f.cause());
            }
        });
    }

    /** Sends {@code session}, then keeps {@link #depth} {@code get}s in flight, one new one per reply. */
    private final class SessionConnection extends ChannelInboundHandlerAdapter {
        private final long[] sentAt = new long[depth];
        private final ReplyScanner scanner = new ReplyScanner();
        private int head;
        private int inFlight;
        private boolean sessionAcknowledged;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(SESSION));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            int replies;
            int errorsBefore = scanner.errors;
            try {
                replies = scanner.scan(in);
            } finally {
                in.release();
            }
            long now = System.nanoTime();
            if (!sessionAcknowledged && replies > 0) {
                sessionAcknowledged = true;
                replies--;
                if (scanner.errors > errorsBefore) {
                    failed("session refused: " + scanner.lastError);
                    ctx.close();
                    return;
                }
                send(ctx, depth);
            }
            int errors = scanner.errors - errorsBefore;
            for (int i = 0; i < replies && inFlight > 0; i++) {
                if (i < errors) {
                    failed("reply: " + scanner.lastError); // which reply failed does not matter for the counts
                } else {
                    completed(sentAt[head], now);
                }
                head = (head + 1) % depth;
                inFlight--;
            }
            if (phase == Phase.STOPPED) {
                if (inFlight == 0) {
                    ctx.close();
                }
                return;
            }
            send(ctx, depth - inFlight);
        }

        private void send(ChannelHandlerContext ctx, int wanted) {
            int n = 0;
            while (n < wanted && takeRequest()) {
                n++;
            }
            if (n == 0) {
                return;
            }
            ByteBuf out = ctx.alloc().buffer(GET.length * n);
            long now = System.nanoTime();
            for (int i = 0; i < n; i++) {
                out.writeBytes(GET);
                sentAt[(head + inFlight) % depth] = now;
                inFlight++;
            }
            ctx.write(out);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (phase != Phase.STOPPED) {
                failed("session closed by the server with " + inFlight + " in flight");
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failed("session: " + cause);
            ctx.close();
        }
    }

    /** Counts complete reply lines in a byte stream without decoding them; a line starting with {@code ERR} is an error. */
    private static final class ReplyScanner {
        private int lineLength;
        private boolean lineIsError;
        private final StringBuilder errorText = new StringBuilder();
        int errors;
        String lastError;

        int scan(ByteBuf in) {
            int lines = 0;
            for (int i = in.readerIndex(), end = in.writerIndex(); i < end; i++) {
                byte b = in.getByte(i);
                if (b == '\n') {
                    if (lineIsError || lineLength == 0) {
                        errors++;
                        lastError = lineLength == 0 ? "empty line" : errorText.toString();
                    }
                    lines++;
                    lineLength = 0;
                    lineIsError = false;
                    errorText.setLength(0);
                    continue;
                }
                if (lineLength == 0 && b == 'E') {
                    lineIsError = true;
                }
                if (lineIsError && errorText.length() < 80) {
                    errorText.append((char) b);
                }
                lineLength++;
            }
            return lines;
        }
    }

    // --- results -------------------------------------------------------------------------------------

    private void report() {
        double seconds = (windowEndNanos - windowStartNanos) / 1e9;
        double rps = seconds > 0 ? measuredCompleted / seconds : 0;
        long serverCpuNanos = serverCpuStart >= 0 && serverCpuEnd >= 0 ? serverCpuEnd - serverCpuStart : -1;
        long clientCpuNanos = clientCpuEnd - clientCpuStart;
        double serverCpuPct = serverCpuNanos >= 0 && seconds > 0 ? 100.0 * serverCpuNanos / 1e9 / seconds : -1;
        double clientCpuPct = seconds > 0 ? 100.0 * clientCpuNanos / 1e9 / seconds : -1;
        // Everything else the machine did meanwhile (other people's builds, the kernel): how noisy the run was.
        double otherCpuPct = serverCpuNanos >= 0 && machineBusyStart >= 0 && machineBusyEnd >= 0 && seconds > 0
                ? Math.max(0, 100.0 * (machineBusyEnd - machineBusyStart - serverCpuNanos - clientCpuNanos) / 1e9 / seconds)
                : -1;
        double serverUsPerRequest = serverCpuNanos >= 0 && measuredCompleted > 0
                ? serverCpuNanos / 1e3 / measuredCompleted : -1;
        double p50 = histogram.quantile(0.50) / 1e3;
        double p99 = histogram.quantile(0.99) / 1e3;
        double p999 = histogram.quantile(0.999) / 1e3;
        double max = histogram.max() / 1e3;
        System.out.printf(Locale.ROOT, "  %s %s: %,.0f req/s over %.2fs (%,d requests, %,d warm-up), errors=%d%n",
                label, mode.name().toLowerCase(Locale.ROOT), rps, seconds, measuredCompleted, warmupCompleted,
                measuredErrors);
        System.out.printf(Locale.ROOT, "  latency us: p50=%.0f p99=%.0f p99.9=%.0f max=%.0f%n", p50, p99, p999, max);
        System.out.printf(Locale.ROOT, "  server cpu: %.1f%% of a core, %.2f us/request; load generator cpu: %.1f%%%s; "
                        + "everything else on the machine: %.1f%% of a core%n",
                serverCpuPct, serverUsPerRequest, clientCpuPct,
                clientCpuPct > 90 ? " (load generator saturated: the figure is a lower bound)" : "", otherCpuPct);
        if (firstError != null) {
            System.out.println("  first error: " + firstError + " (" + totalErrors + " errors in all)");
        }
        System.out.printf(Locale.ROOT, "RESULT label=%s mode=%s concurrency=%d depth=%d seconds=%.3f requests=%d rps=%.0f "
                        + "errors=%d p50us=%.1f p99us=%.1f p999us=%.1f maxus=%.1f serverCpuPct=%.1f "
                        + "serverUsPerReq=%.3f clientCpuPct=%.1f otherCpuPct=%.1f%n",
                label, mode.name().toLowerCase(Locale.ROOT), concurrency, depth, seconds, measuredCompleted, rps,
                measuredErrors, p50, p99, p999, max, serverCpuPct, serverUsPerRequest, clientCpuPct, otherCpuPct);
    }
}
