package gamegrid.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ByteProcessor;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Players on one map server, as cheap for the load generator as it can be: they enter, some of them walk in a
 * random direction at the speed limit, and every one of them counts the lines it hears. Lines are never decoded:
 * the bytes are scanned for line ends ({@link ByteProcessor#FIND_LF}) and only a line's first bytes are compared
 * with the few a walker acts on (its own {@code MOVED|name|}, {@code YOU|}, {@code ERR}), so the generator reads
 * hundreds of thousands of events a second without becoming the bottleneck it measures.
 */
final class Crowd {
    /** Walkers' step period: just above the server's 100 ms speed limit, so network jitter never makes a move too fast. */
    static final long STEP_MS = 105;
    private static final ByteBuf[] MOVES = moves();
    private static final byte[] YOU = ascii("YOU|");
    private static final byte[] ERR = ascii("ERR ");
    private static final String WALL = "ERR wall";
    /** The most of a line kept for recognising it: own moves and the text of errors. */
    private static final int HEAD = 96;

    final AtomicLong entered = new AtomicLong();
    /** Moves the server confirmed ({@code MOVED} of the walker itself). */
    final LongAdder moves = new LongAdder();
    /** Every line heard by every player: the mover's own MOVED, and a MOVED, SEE or GONE per player in view. */
    final LongAdder events = new LongAdder();
    /** Steps into the arena's outer wall: refused, harmless, counted apart from errors. */
    final LongAdder walls = new LongAdder();
    final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
    private final List<Channel> channels = new ArrayList<>();
    private final List<Runnable> walkers = new ArrayList<>();
    private final SplittableRandom seeds = new SplittableRandom(1);
    private volatile boolean stopping;

    /** Connects one player, which enters with {@code ticket} as soon as it is connected; a walker waits for {@link #walk()}. */
    void join(EventLoopGroup group, int port, String ticket, boolean walks) {
        Player player = new Player(ticket, seeds.split());
        ChannelFuture connect = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(player)
                .connect(new InetSocketAddress("127.0.0.1", port));
        connect.addListener(done -> {
            if (!done.isSuccess()) {
                errors.computeIfAbsent("cannot connect: " + done.cause(), r -> new AtomicLong()).incrementAndGet();
            }
        });
        Channel channel = connect.channel();
        synchronized (channels) {
            channels.add(channel);
            if (walks) {
                walkers.add(() -> player.walk(channel));
            }
        }
    }

    /** Sets every walker going, each on its own clock at a random phase (once everyone has entered). */
    void walk() {
        synchronized (channels) {
            walkers.forEach(Runnable::run);
        }
    }

    long errorCount() {
        return errors.values().stream().mapToLong(AtomicLong::get).sum();
    }

    void stop() {
        stopping = true;
        synchronized (channels) {
            channels.forEach(Channel::close);
        }
    }

    private static ByteBuf[] moves() {
        ByteBuf[] moves = new ByteBuf[4];
        for (int i = 0; i < 4; i++) {
            moves[i] = Unpooled.unreleasableBuffer(Unpooled.copiedBuffer("move|" + "nsew".charAt(i) + "\n", StandardCharsets.US_ASCII));
        }
        return moves;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** One connection; all its state belongs to the channel's event loop. */
    private final class Player extends ChannelInboundHandlerAdapter {
        private final String ticket;
        private final SplittableRandom random;
        private final byte[] ownMove;
        private final byte[] head = new byte[HEAD];
        private int headLength;
        private boolean in;
        private ScheduledFuture<?> steps;

        Player(String ticket, SplittableRandom random) {
            this.ticket = ticket;
            this.random = random;
            this.ownMove = ascii("MOVED|" + ticket.substring(0, ticket.indexOf(':')) + "|");
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            ctx.writeAndFlush(Unpooled.copiedBuffer("enter|" + ticket + "\n", StandardCharsets.US_ASCII));
            super.channelActive(ctx);
        }

        void walk(Channel channel) {
            channel.eventLoop().execute(() -> {
                // Fixed delay, not rate: a late tick must not be followed by a burst of catch-up moves.
                steps = channel.eventLoop().scheduleWithFixedDelay(() -> step(channel), random.nextInt((int) STEP_MS), STEP_MS,
                        TimeUnit.MILLISECONDS);
            });
        }

        private void step(Channel channel) {
            if (channel.isActive()) {
                channel.writeAndFlush(MOVES[random.nextInt(4)].duplicate());
            } else {
                steps.cancel(false);
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                int lines = 0;
                int from = in.readerIndex();
                int end = in.writerIndex();
                while (from < end) {
                    int lf = in.forEachByte(from, end - from, ByteProcessor.FIND_LF);
                    int stop = lf < 0 ? end : lf;
                    int keep = Math.min(stop - from, HEAD - headLength);
                    if (keep > 0) {
                        in.getBytes(from, head, headLength, keep);
                        headLength += keep;
                    }
                    if (lf < 0) {
                        break; // the line goes on in the next read
                    }
                    lines++;
                    line();
                    headLength = 0;
                    from = lf + 1;
                }
                events.add(lines);
            } finally {
                in.release();
            }
        }

        /** One whole line, of which {@code head} holds the first bytes. */
        private void line() {
            if (startsWith(ownMove)) {
                moves.increment();
            } else if (startsWith(YOU)) {
                if (!in) {
                    in = true;
                    entered.incrementAndGet();
                }
            } else if (startsWith(ERR)) {
                int length = headLength > 0 && head[headLength - 1] == '\r' ? headLength - 1 : headLength;
                String reason = new String(head, 0, length, StandardCharsets.UTF_8);
                if (reason.equals(WALL)) {
                    walls.increment();
                } else {
                    errors.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
                }
            }
        }

        private boolean startsWith(byte[] prefix) {
            if (headLength < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if (head[i] != prefix[i]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (!stopping) {
                errors.computeIfAbsent("connection closed by the server", r -> new AtomicLong()).incrementAndGet();
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            errors.computeIfAbsent("connection failed: " + cause, r -> new AtomicLong()).incrementAndGet();
            ctx.close();
        }
    }
}
