package gamegrid.protocol.map.store;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.memcache.binary.BinaryMemcacheClientCodec;
import io.netty.handler.codec.memcache.binary.BinaryMemcacheObjectAggregator;
import io.netty.handler.codec.memcache.binary.BinaryMemcacheOpcodes;
import io.netty.handler.codec.memcache.binary.BinaryMemcacheResponseStatus;
import io.netty.handler.codec.memcache.binary.DefaultFullBinaryMemcacheRequest;
import io.netty.handler.codec.memcache.binary.FullBinaryMemcacheRequest;
import io.netty.handler.codec.memcache.binary.FullBinaryMemcacheResponse;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An asynchronous memcached client on Netty's binary memcache codec: {@code get} with the CAS unique,
 * {@code add} and CAS-conditional {@code set}, pipelined on one connection. memcached answers the requests of
 * a connection in order, so replies are matched first-in first-out.
 *
 * <p>The connection and every future belong to the event loop given at construction: callbacks run there,
 * so a caller whose state lives on that loop needs no locks. When memcached is down, requests fail at
 * once with {@link StoreException} (a reconnect is tried at most every {@link #RETRY_MS} ms); a request
 * unanswered within the timeout, and still unanswered at the next check (a quarter of the timeout later), closes the
 * connection and fails every request in flight.
 */
public final class MemcacheClient {
    private static final Logger log = LoggerFactory.getLogger(MemcacheClient.class);
    static final long RETRY_MS = 250;
    private static final int MAX_VALUE_BYTES = 64 * 1024;
    private static final int MAX_KEY_BYTES = 250;
    private static final int MAX_IN_FLIGHT = 65_536;

    private final EventLoop loop;
    private final InetSocketAddress address;
    private final Duration timeout;

    // Owned by the loop.
    private final List<Runnable> backlog = new ArrayList<>();
    private Channel channel;
    private ResponseHandler replies;
    private boolean connecting;
    private long retryAfterNanos;
    private boolean closed;
    /** The oldest request found past the timeout at the last check, or null. */
    private InFlight overdue;
    private volatile boolean up;

    public MemcacheClient(EventLoop loop, InetSocketAddress address, Duration timeout) {
        this.loop = loop;
        this.address = address;
        this.timeout = timeout;
    }

    /** The loop every future of this client completes on. */
    public EventLoop loop() {
        return loop;
    }

    /** Whether the last attempt to reach memcached worked (a hint for refusing work early; requests still decide). */
    public boolean available() {
        return up;
    }

    /** The value and its CAS unique, or empty when the key is not stored. */
    public CompletableFuture<Optional<Item>> get(String key) {
        return send(request(BinaryMemcacheOpcodes.GET, key, null, 0, 0)).thenApply(response -> {
            try {
                if (response.status() == BinaryMemcacheResponseStatus.KEY_ENOENT) {
                    return Optional.empty();
                }
                check(response);
                return Optional.of(new Item(response.content().toString(StandardCharsets.UTF_8), response.cas()));
            } finally {
                response.release();
            }
        });
    }

    /** Stores {@code value} only if {@code key} is not stored yet ({@code CONFLICT} otherwise). */
    public CompletableFuture<Write> add(String key, String value, int ttlSeconds) {
        return write(request(BinaryMemcacheOpcodes.ADD, key, value, 0, ttlSeconds));
    }

    /** Stores {@code value} only if the key's CAS unique is still {@code cas}. */
    public CompletableFuture<Write> cas(String key, String value, long cas, int ttlSeconds) {
        if (cas == 0) {
            throw new IllegalArgumentException("cas 0 would be an unconditional set");
        }
        return write(request(BinaryMemcacheOpcodes.SET, key, value, cas, ttlSeconds));
    }

    private CompletableFuture<Write> write(FullBinaryMemcacheRequest request) {
        return send(request).thenApply(response -> {
            try {
                short status = response.status();
                if (status == BinaryMemcacheResponseStatus.SUCCESS) {
                    return new Write(Write.Outcome.STORED, response.cas());
                } else if (status == BinaryMemcacheResponseStatus.KEY_EEXISTS || status == BinaryMemcacheResponseStatus.NOT_STORED) {
                    return Write.CONFLICT;
                } else if (status == BinaryMemcacheResponseStatus.KEY_ENOENT) {
                    return Write.MISSING;
                }
                check(response);
                throw new IllegalStateException("unreachable");
            } finally {
                response.release();
            }
        });
    }

    private static void check(FullBinaryMemcacheResponse response) {
        if (response.status() != BinaryMemcacheResponseStatus.SUCCESS) {
            // Out of memory with -M (eviction off), too large, ...: memcached's own words.
            String text = response.content().toString(StandardCharsets.UTF_8);
            throw new StoreFailure(new StoreException("state store refused: status " + response.status() + " " + text));
        }
    }

    private static FullBinaryMemcacheRequest request(byte opcode, String key, String value, long cas, int ttlSeconds) {
        ByteBuf keyBytes = Unpooled.copiedBuffer(key, StandardCharsets.UTF_8);
        if (keyBytes.readableBytes() > MAX_KEY_BYTES || key.chars().anyMatch(c -> c <= ' ')) {
            keyBytes.release();
            throw new IllegalArgumentException("bad memcached key " + key);
        }
        ByteBuf extras = Unpooled.EMPTY_BUFFER;
        ByteBuf content = Unpooled.EMPTY_BUFFER;
        if (value != null) {
            extras = Unpooled.buffer(8).writeInt(0).writeInt(ttlSeconds); // flags, expiry
            content = Unpooled.copiedBuffer(value, StandardCharsets.UTF_8);
            if (content.readableBytes() > MAX_VALUE_BYTES) {
                keyBytes.release();
                content.release();
                throw new IllegalArgumentException("value too large for key " + key);
            }
        }
        DefaultFullBinaryMemcacheRequest request = new DefaultFullBinaryMemcacheRequest(keyBytes, extras, content);
        request.setOpcode(opcode);
        request.setCas(cas);
        request.setTotalBodyLength(keyBytes.readableBytes() + extras.readableBytes() + content.readableBytes());
        return request;
    }

    /** Unwraps the failures of a future of this client: a {@link StoreException}, or null when {@code error} is another kind. */
    public static StoreException storeFailure(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof StoreException s) {
                return s;
            }
            if (e instanceof StoreFailure f) {
                return f.exception;
            }
        }
        return null;
    }

    private CompletableFuture<FullBinaryMemcacheResponse> send(FullBinaryMemcacheRequest request) {
        CompletableFuture<FullBinaryMemcacheResponse> response = new CompletableFuture<>();
        if (loop.inEventLoop()) {
            dispatch(request, response);
        } else {
            loop.execute(() -> dispatch(request, response));
        }
        return response;
    }

    private void dispatch(FullBinaryMemcacheRequest request, CompletableFuture<FullBinaryMemcacheResponse> response) {
        if (closed) {
            fail(request, response, "state store client closed");
        } else if (channel != null && channel.isActive()) {
            if (replies.inFlight.size() >= MAX_IN_FLIGHT) {
                fail(request, response, "state store overloaded");
                return;
            }
            replies.inFlight.add(new InFlight(response, System.nanoTime()));
            channel.writeAndFlush(request, channel.voidPromise());
        } else if (connecting) {
            backlog.add(() -> dispatch(request, response));
        } else if (System.nanoTime() < retryAfterNanos) {
            fail(request, response, "state store unavailable");
        } else {
            backlog.add(() -> dispatch(request, response));
            connect();
        }
    }

    private static void fail(FullBinaryMemcacheRequest request, CompletableFuture<?> response, String reason) {
        request.release();
        response.completeExceptionally(new StoreException(reason));
    }

    private void connect() {
        connecting = true;
        ResponseHandler handler = new ResponseHandler();
        new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, timeout.toMillis()))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new BinaryMemcacheClientCodec(),
                                new BinaryMemcacheObjectAggregator(MAX_VALUE_BYTES * 2),
                                handler);
                    }
                })
                .connect(address).addListener((ChannelFuture f) -> {
                    connecting = false;
                    if (f.isSuccess()) {
                        channel = f.channel();
                        replies = handler;
                        long period = Math.max(1, timeout.toMillis() / 4);
                        ScheduledFuture<?> watch = loop.scheduleAtFixedRate(() -> checkAnswered(f.channel()), period, period, TimeUnit.MILLISECONDS);
                        f.channel().closeFuture().addListener(closed -> watch.cancel(false));
                        if (!up) {
                            log.info("state store connected memcached={}", address);
                        }
                        up = true;
                    } else {
                        markDown("cannot connect: " + f.cause().getMessage());
                    }
                    List<Runnable> waiting = new ArrayList<>(backlog);
                    backlog.clear();
                    waiting.forEach(Runnable::run);
                });
    }

    /**
     * Closes a connection whose oldest request has waited past the timeout: memcached hangs or the network does. Not
     * at the first check that finds it late: a loop busier than the timeout (its own work, a starved machine) has the
     * answer unread in the socket, and closing would fail a store that answered. The loop reads its sockets before
     * it runs this periodic check again, so a request still the oldest then was truly not answered.
     */
    private void checkAnswered(Channel watched) {
        InFlight oldest = replies.inFlight.peek();
        if (watched != channel || oldest == null || System.nanoTime() - oldest.sentNanos() <= timeout.toNanos()) {
            overdue = null;
        } else if (oldest != overdue) {
            overdue = oldest;
        } else {
            log.warn("memcached {} did not answer within {} ms; closing", address, timeout.toMillis());
            watched.close();
        }
    }

    private void markDown(String why) {
        retryAfterNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_MS);
        if (up || channel == null) {
            log.warn("state store unavailable memcached={}: {}", address, why);
        }
        up = false;
        channel = null;
    }

    /** Closes the connection; later requests fail. */
    public void close() {
        loop.execute(() -> {
            closed = true;
            if (channel != null) {
                channel.close();
            }
        });
    }

    /** Matches replies to requests in order; a silent or lost connection fails whatever it still owed. */
    private final class ResponseHandler extends SimpleChannelInboundHandler<FullBinaryMemcacheResponse> {
        private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();

        ResponseHandler() {
            super(false); // the futures' readers release the responses
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullBinaryMemcacheResponse response) {
            InFlight waiting = inFlight.poll();
            if (waiting == null) {
                response.release();
                log.warn("memcached answered a request nobody sent; closing");
                ctx.close();
                return;
            }
            if (!waiting.response().complete(response)) {
                response.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (ctx.channel() == channel) {
                if (!closed) {
                    markDown("connection lost");
                }
                channel = null;
                replies = null;
            }
            StoreException lost = new StoreException("state store unavailable");
            InFlight waiting;
            while ((waiting = inFlight.poll()) != null) {
                waiting.response().completeExceptionally(lost);
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.warn("memcached connection failed: {}", cause.toString());
            ctx.close();
        }
    }

    private record InFlight(CompletableFuture<FullBinaryMemcacheResponse> response, long sentNanos) {
    }

    /** Carries a {@link StoreException} out of a completion stage, which cannot throw checked exceptions. */
    private static final class StoreFailure extends RuntimeException {
        private final StoreException exception;

        StoreFailure(StoreException exception) {
            super(exception.getMessage(), exception, false, false);
            this.exception = exception;
        }
    }
}
