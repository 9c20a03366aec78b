package gamegrid.bench;

import gamegrid.protocol.ticket.TicketAuthority;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntFunction;

/**
 * Fan-out of one world message to every connected player: the chat server against Redis pub/sub (a
 * {@code redis-server} of our own, no persistence, one subscriber connection per player), driven by the same
 * load tool in the same run. For each: deliveries per second and send-to-last-delivery latency, one message at
 * a time and with {@code --window} messages in flight, and memory per idle connected player (RSS, and for the
 * chat server its heap after a full GC). Both servers stay up, and their passes alternate over {@code --rounds}
 * rounds (the first server of a round goes second in the next), each with its players connected for its turn
 * only; each figure is the median over the rounds, so that a machine whose speed drifts favours neither.
 *
 * <p>Every message carries {@code #NNNNNN;} (its sequence number), which the clients find by scanning the
 * raw bytes, so both protocols cost the load tool the same. Bounded by {@code --messages} and a time limit;
 * both servers are stopped before this exits.
 */
public final class ChatBenchmark {
    private static final String SECRET = "bench-world-secret";
    private static final Duration PHASE_LIMIT = Duration.ofSeconds(300);

    private ChatBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        int players = options.integer("players", 10_000);
        int messages = options.integer("messages", 100);
        int warmup = options.integer("warmup", 20);
        int window = options.integer("window", 32);
        int rounds = options.integer("rounds", 3);
        String serverCpu = options.text("server-cpu", "0");
        String jvmOptions = options.text("jvm-options", "-Xms64m -Xmx1g -XX:+UseSerialGC");
        String redis = options.text("redis", "/usr/bin/redis-server");
        // Which server goes first in the first round (the order alternates from round to round).
        boolean redisFirst = options.text("first", "chat").equals("redis");
        options.rejectUnread();

        // The load tool reads every delivery of both servers: epoll where it loads keeps it from being the bottleneck.
        EventLoopGroup group = Epoll.isAvailable() ? new EpollEventLoopGroup(2, new DefaultThreadFactory("bench-client"))
                : new NioEventLoopGroup(2, new DefaultThreadFactory("bench-client"));
        boolean haveRedis = Files.isExecutable(Path.of(redis));
        long needed = players + 1024; // one server's players at a time (and the two senders)
        long openFiles = openFilesLimit();
        if (openFiles < needed) {
            System.err.printf("chat bench: %d players need %d open files in this load tool, the limit is %d:"
                    + " raise it (ulimit -n) or lower --players%n", players, needed, openFiles);
            System.exit(2);
        }
        int perRound = 2 * warmup + messages / 4 + messages;
        List<Subject> subjects = new ArrayList<>();
        try {
            // Both stay up and their passes alternate round by round: on a VM whose speed drifts over minutes, one
            // server measured after the other saw another machine.
            subjects.add(chat(group, players, rounds * perRound, serverCpu, jvmOptions));
            if (haveRedis) {
                subjects.add(redisFirst ? 0 : 1, redis(group, redis, players, rounds * perRound, serverCpu));
            }
            List<List<Pass>> alone = new ArrayList<>();
            List<List<Pass>> loaded = new ArrayList<>();
            subjects.forEach(subject -> {
                alone.add(new ArrayList<>());
                loaded.add(new ArrayList<>());
            });
            for (int round = 0; round < rounds; round++) {
                log("round %d of %d", round + 1, rounds);
                int from = round * perRound;
                for (int k = 0; k < subjects.size(); k++) {
                    int s = (k + round) % subjects.size(); // who goes first alternates
                    Subject subject = subjects.get(s);
                    // One server's players connected at a time: both sets would pass the open-files limit of many machines.
                    List<Channel> connected = subject.players().connect();
                    log(" %s: one message at a time, then %d in flight", subject.name(), window);
                    Pass one = subject.fanout().run(from, warmup, messages / 4, 1, subject.send(), subject.cpu());
                    Pass many = subject.fanout().run(from + warmup + messages / 4, warmup, messages, window, subject.send(),
                            subject.cpu());
                    log("  %s, round %d: %s; %s", subject.name(), round + 1, one.line(), many.line());
                    alone.get(s).add(one);
                    loaded.get(s).add(many);
                    closeAll(connected);
                }
            }
            List<Result> results = new ArrayList<>();
            for (int s = 0; s < subjects.size(); s++) {
                Subject subject = subjects.get(s);
                results.add(new Result(players, Pass.median(alone.get(s)), Pass.median(loaded.get(s)), subject.rssPerPlayer(),
                        subject.heapPerPlayer()));
            }
            Result chat = results.get(indexOf(subjects, "chat server"));
            System.out.println();
            System.out.printf("medians of %d rounds, the two servers' passes alternating%n", rounds);
            System.out.println(chat.line("chat server"));
            if (!haveRedis) {
                System.out.println("RESULT redis: not measured (no " + redis + ")");
                return;
            }
            Result redisResult = results.get(indexOf(subjects, "redis pub/sub"));
            System.out.println(redisResult.line("redis pub/sub"));
            System.out.printf("RESULT chat/redis: deliveries/s %.2fx (window %d), p99 send-to-last-delivery %.2fx alone and %.2fx"
                            + " loaded (lower is better), server cpu per delivery %.2fx alone and %.2fx loaded (lower is better),"
                            + " RSS per idle player %.2fx%n",
                    chat.loaded().deliveriesPerSecond() / redisResult.loaded().deliveriesPerSecond(), window,
                    (double) chat.alone().p99Micros() / redisResult.alone().p99Micros(),
                    (double) chat.loaded().p99Micros() / redisResult.loaded().p99Micros(),
                    chat.alone().cpuNanosPerDelivery() / redisResult.alone().cpuNanosPerDelivery(),
                    chat.loaded().cpuNanosPerDelivery() / redisResult.loaded().cpuNanosPerDelivery(),
                    chat.rssPerPlayer() / redisResult.rssPerPlayer());
        } finally {
            for (Subject subject : subjects) {
                subject.stop().run();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /** One pass of fan-out: deliveries per second and the time from a send to its last delivery. */
    private record Pass(int window, double deliveriesPerSecond, long p50Micros, long p99Micros, double cpuNanosPerDelivery) {
        /** Each figure's median over the rounds (the middle one of an odd count, the lower middle of an even one). */
        static Pass median(List<Pass> passes) {
            return new Pass(passes.get(0).window(), middle(passes, Pass::deliveriesPerSecond),
                    (long) middle(passes, p -> (double) p.p50Micros()), (long) middle(passes, p -> (double) p.p99Micros()),
                    middle(passes, Pass::cpuNanosPerDelivery));
        }

        private static double middle(List<Pass> passes, java.util.function.ToDoubleFunction<Pass> figure) {
            double[] values = passes.stream().mapToDouble(figure).sorted().toArray();
            return values[(values.length - 1) / 2];
        }

        String line() {
            return String.format("window %d: %.0f deliveries/s, send-to-last-delivery p50=%d us p99=%d us, server cpu %.2f us/delivery",
                    window, deliveriesPerSecond, p50Micros, p99Micros, cpuNanosPerDelivery / 1000);
        }
    }

    /** What one server did: one message at a time (latency), then {@code --window} in flight (throughput). */
    private record Result(int players, Pass alone, Pass loaded, double rssPerPlayer, double heapPerPlayer) {
        String line(String what) {
            return String.format("RESULT %s, %d players: %s; %s; per idle player: RSS %.0f bytes%s", what, players,
                    alone.line(), loaded.line(), rssPerPlayer,
                    heapPerPlayer < 0 ? "" : String.format(", heap %.0f bytes", heapPerPlayer));
        }
    }

    /** A server under test, up, with its players connected and idle, and how to send it message {@code seq}. */
    private record Subject(String name, Players players, Fanout fanout, java.util.function.IntConsumer send, ProcCpu cpu,
                           double rssPerPlayer, double heapPerPlayer, Runnable stop) {
    }

    /** Connects every player of a server and returns once each has its greeting (login or SUBSCRIBE answered). */
    @FunctionalInterface
    private interface Players {
        List<Channel> connect() throws InterruptedException;
    }

    /** Closes the players' connections and waits until they are closed, so that their descriptors are free. */
    private static void closeAll(List<Channel> channels) {
        channels.forEach(Channel::close);
        channels.forEach(channel -> channel.closeFuture().awaitUninterruptibly(5, TimeUnit.SECONDS));
    }

    private static int indexOf(List<Subject> subjects, String name) {
        for (int i = 0; i < subjects.size(); i++) {
            if (subjects.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException(name);
    }

    /** This process's soft limit of open files, from /proc/self/limits (Long.MAX_VALUE when unlimited or unknown). */
    private static long openFilesLimit() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        return Long.MAX_VALUE;
    }

    /** Stops a server process this benchmark started, and deletes its log. */
    private static Runnable stopper(Process server, Path log) {
        return () -> {
            server.destroy();
            try {
                server.onExit().get(20, TimeUnit.SECONDS);
                Files.deleteIfExists(log);
            } catch (Exception e) {
                server.destroyForcibly();
            }
        };
    }

    /** The chat server from the jar, its players logged in and idle; {@code messages}: every message of every round. */
    private static Subject chat(EventLoopGroup group, int players, int messages, String cpu, String jvmOptions) throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of("taskset", "-c", cpu, Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(jvmOptions.trim().split("\\s+")));
        command.addAll(List.of("-cp", "target/gamegrid.jar", "gamegrid.chatserver.ChatServerMain", "--port=" + port,
                "--state-file=none", "--max-players=" + (players + 10), "--rate.world.interval=1ms", "--rate.world.burst=1000000",
                "--rate.commands.interval=1ms", "--rate.commands.burst=1000000", "--idle-timeout=10m"));
        Path log = Files.createTempFile("chat-bench-server", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put(TicketAuthority.SECRET_ENV, SECRET);
        Process server = builder.start();
        Runnable stop = stopper(server, log);
        try {
            awaitLine(server, log, "READY chatserver");
            long pid = server.descendants().findFirst().map(ProcessHandle::pid).orElse(server.pid());
            TimeUnit.SECONDS.sleep(1);
            long heapBefore = heapUsedAfterGc(pid);
            long rssBefore = rssBytes(pid);
            TicketAuthority tickets = new TicketAuthority(SECRET);
            IntFunction<String> login = i -> "login|" + tickets.mint("p" + i, Instant.now(), Duration.ofHours(1)).token() + "\n";
            Fanout fanout = new Fanout(messages, players + 1);
            Players connect = () -> connectAll(group, port, players, login, fanout);
            List<Channel> connected = connect.connect();
            Channel sender = connectAll(group, port, 1, i -> login.apply(players), fanout).get(0);
            log("chat: %d players logged in; idle ...", players + 1);
            TimeUnit.SECONDS.sleep(3);
            long heapAfter = heapUsedAfterGc(pid);
            long rssAfter = rssBytes(pid);
            log("chat: heap %d -> %d KB, RSS %d -> %d KB", heapBefore / 1024, heapAfter / 1024, rssBefore / 1024, rssAfter / 1024);
            closeAll(connected);
            return new Subject("chat server", connect, fanout, seq -> sender.writeAndFlush(
                    Unpooled.copiedBuffer("say|world|" + Fanout.payload(seq) + "\n", StandardCharsets.US_ASCII)), new ProcCpu(pid, 100),
                    (double) (rssAfter - rssBefore) / players, (double) (heapAfter - heapBefore) / players, stop);
        } catch (Exception | Error e) {
            stop.run();
            throw e;
        }
    }

    /** A redis-server of our own, one subscriber connection per player, idle. */
    private static Subject redis(EventLoopGroup group, String redis, int players, int messages, String cpu) throws Exception {
        int port = freePort();
        Path log = Files.createTempFile("chat-bench-redis", ".log");
        Process server = new ProcessBuilder("taskset", "-c", cpu, redis, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--maxclients", Integer.toString(players + 100), "--daemonize", "no")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Runnable stop = stopper(server, log);
        try {
            awaitLine(server, log, "Ready to accept connections");
            long pid = server.descendants().findFirst().map(ProcessHandle::pid).orElse(server.pid());
            long rssBefore = rssBytes(pid);
            Fanout fanout = new Fanout(messages, players);
            Players connect = () -> connectAll(group, port, players, i -> "SUBSCRIBE world\r\n", fanout);
            List<Channel> connected = connect.connect();
            // The publisher is no subscriber: its replies (":N" receivers) hold no marker.
            Channel publisher = connectAll(group, port, 1, i -> "PING\r\n", new Fanout(0, 0)).get(0);
            log("redis: %d subscribers; idle ...", players);
            TimeUnit.SECONDS.sleep(3);
            long rssAfter = rssBytes(pid);
            log("redis: RSS %d -> %d KB", rssBefore / 1024, rssAfter / 1024);
            closeAll(connected);
            return new Subject("redis pub/sub", connect, fanout, seq -> publisher.writeAndFlush(
                    Unpooled.copiedBuffer("PUBLISH world " + Fanout.payload(seq) + "\r\n", StandardCharsets.US_ASCII)),
                    new ProcCpu(pid, 100), (double) (rssAfter - rssBefore) / players, -1, stop);
        } catch (Exception | Error e) {
            stop.run();
            throw e;
        }
    }

    /**
     * Counts deliveries per message: each message must reach {@code recipients} connections; with {@code window}
     * messages in flight, the next goes out as soon as one has reached everyone.
     */
    private static final class Fanout {
        private final int recipients;
        private final AtomicIntegerArray remaining;
        private final long[] sentNanos;
        private final long[] doneNanos;
        private final AtomicInteger ready = new AtomicInteger();
        private final AtomicInteger completed = new AtomicInteger();
        private Semaphore window;

        Fanout(int messages, int recipients) {
            this.recipients = recipients;
            this.remaining = new AtomicIntegerArray(messages);
            this.sentNanos = new long[messages];
            this.doneNanos = new long[messages];
            for (int i = 0; i < messages; i++) {
                remaining.set(i, recipients);
            }
        }

        static String payload(int seq) {
            return String.format("#%06d;hello-world-from-the-benchmark-0123456789", seq);
        }

        void delivered(int seq) {
            if (seq < remaining.length() && remaining.decrementAndGet(seq) == 0) {
                doneNanos[seq] = System.nanoTime();
                completed.incrementAndGet();
                window.release();
            }
        }

        Pass run(int from, int warmup, int messages, int windowSize, java.util.function.IntConsumer send, ProcCpu cpu)
                throws InterruptedException {
            window = new Semaphore(windowSize);
            long limit = System.nanoTime() + PHASE_LIMIT.toNanos();
            long firstMeasured = 0;
            long cpuBefore = 0;
            int measured = from + warmup;
            for (int seq = from; seq < measured + messages; seq++) {
                if (!window.tryAcquire(Math.max(1, limit - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    throw new IllegalStateException("fan-out stalled at message " + seq + ": " + completed.get() + " complete");
                }
                sentNanos[seq] = System.nanoTime();
                if (seq == measured) {
                    firstMeasured = sentNanos[seq];
                    cpuBefore = cpu.cpuNanos();
                }
                send.accept(seq);
            }
            if (!window.tryAcquire(windowSize, Math.max(1, limit - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("fan-out did not finish: " + completed.get() + " complete");
            }
            double cpuPerDelivery = (double) (cpu.cpuNanos() - cpuBefore) / ((long) messages * recipients);
            long last = 0;
            long[] latencies = new long[messages];
            for (int i = 0; i < messages; i++) {
                last = Math.max(last, doneNanos[measured + i]);
                latencies[i] = doneNanos[measured + i] - sentNanos[measured + i];
            }
            Arrays.sort(latencies);
            double seconds = (last - firstMeasured) / 1e9;
            log("  window %d: %d messages to %d recipients in %.1f s", windowSize, messages, recipients, seconds);
            return new Pass(windowSize, (double) messages * recipients / seconds, latencies[messages / 2] / 1000,
                    latencies[(int) Math.ceil(messages * 0.99) - 1] / 1000, cpuPerDelivery);
        }
    }

    /** Finds {@code #NNNNNN;} markers in the raw bytes, also when one is split between two reads. */
    private static final class MarkerScanner extends ChannelInboundHandlerAdapter {
        private final Fanout fanout;
        private boolean greeted;
        private int digits = -1;
        private int value;

        MarkerScanner(Fanout fanout) {
            this.fanout = fanout;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                for (int i = buf.readerIndex(), end = buf.writerIndex(); i < end; i++) {
                    byte b = buf.getByte(i);
                    if (!greeted && b == '\n') {
                        greeted = true; // the first line is the answer to login or SUBSCRIBE
                        fanout.ready.incrementAndGet();
                    } else if (b == '#') {
                        digits = 0;
                        value = 0;
                    } else if (digits >= 0) {
                        if (b == ';' && digits == 6) {
                            fanout.delivered(value);
                            digits = -1;
                        } else if (b >= '0' && b <= '9' && digits < 6) {
                            value = value * 10 + (b - '0');
                            digits++;
                        } else {
                            digits = -1;
                        }
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
    }

    /** Opens {@code count} connections in batches, sends each its greeting, and waits until each was answered. */
    private static List<Channel> connectAll(EventLoopGroup group, int port, int count, IntFunction<String> greeting,
                                            Fanout fanout) throws InterruptedException {
        List<Channel> channels = new ArrayList<>(count);
        int readyBefore = fanout.ready.get();
        long limit = System.nanoTime() + PHASE_LIMIT.toNanos();
        for (int i = 0; i < count; i++) {
            Bootstrap bootstrap = new Bootstrap().group(group)
                    .channel(group instanceof EpollEventLoopGroup ? EpollSocketChannel.class : NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new MarkerScanner(fanout));
                        }
                    });
            Channel channel = bootstrap.connect("127.0.0.1", port).sync().channel();
            channel.writeAndFlush(Unpooled.copiedBuffer(greeting.apply(i), StandardCharsets.UTF_8));
            channels.add(channel);
            if (i % 500 == 499) {
                while (fanout.ready.get() - readyBefore < i - 100 && System.nanoTime() < limit) {
                    TimeUnit.MILLISECONDS.sleep(5);
                }
                log("  %d connections ...", i + 1);
            }
        }
        while (fanout.ready.get() - readyBefore < count) {
            if (System.nanoTime() > limit) {
                throw new IllegalStateException("only " + (fanout.ready.get() - readyBefore) + " of " + count + " connections answered");
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        return channels;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    private static void awaitLine(Process server, Path log, String line) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(log).contains(line)) {
            if (!server.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("server did not start:\n" + Files.readString(log));
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** Heap in use after a full collection, from {@code jcmd}: what the live objects take. */
    private static long heapUsedAfterGc(long pid) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        new ProcessBuilder(jcmd, Long.toString(pid), "GC.run").redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
        Process info = new ProcessBuilder(jcmd, Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
        String text = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        long used = 0;
        for (String line : text.split("\n")) {
            var match = java.util.regex.Pattern.compile("total \\d+K, used (\\d+)K").matcher(line);
            if (match.find() && !line.contains("Metaspace") && !line.contains("class space")) {
                used += Long.parseLong(match.group(1)) * 1024;
            }
        }
        return used;
    }

    private static long rssBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return 0;
    }

    private static void log(String format, Object... args) {
        System.out.printf("[chat bench] " + format + "%n", args);
    }
}
