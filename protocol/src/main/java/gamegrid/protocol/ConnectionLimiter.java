package gamegrid.protocol;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses client connections past a limit, in total and per address, with {@code ERR too many connections},
 * so that neither a flood nor one greedy address can starve the others. One instance is shared by all of
 * a server's channels, at the head of each pipeline; it writes its refusal as raw bytes, valid in every
 * gamegrid line protocol.
 *
 * <p>A server that also takes control links (the dispatcher) keeps connections past a limit for a moment
 * instead of refusing them at once: such a connection is <em>pending</em>, and its first command decides.
 * One that proves to be a control link is {@linkplain #exempt exempted} from the client counts; any other
 * is refused. Pending connections are few and short-lived: past their cap the oldest is refused first, so
 * that a flood cannot keep a battle server from registering.
 */
@ChannelHandler.Sharable
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionLimiter.class);
    private static final byte[] REFUSAL = "ERR too many connections\n".getBytes(StandardCharsets.US_ASCII);
    private static final AttributeKey<Admission> ADMISSION = AttributeKey.valueOf(ConnectionLimiter.class, "admission");

    /** How a connection was let in; decides what its close gives back. */
    private enum Admission { CLIENT, PENDING, EXEMPT }

    private final int maxConnections;
    private final int maxPerAddress;
    private final int maxPending;
    private final long pendingGraceNanos;
    // Shared by every event loop; connects and closes are rare next to requests, so one monitor is enough.
    private final Map<InetAddress, Integer> perAddress = new HashMap<>();
    private final Set<Channel> pending = new LinkedHashSet<>();
    private int clients;

    /** Refuses at once past {@code maxConnections} (servers without control links). */
    public ConnectionLimiter(int maxConnections) {
        this(maxConnections, maxConnections, 0, Duration.ZERO);
    }

    /**
     * @param maxPending   connections past a limit kept pending, at most (0: refuse at once)
     * @param pendingGrace how long a pending connection has to prove itself before it is refused
     */
    public ConnectionLimiter(int maxConnections, int maxPerAddress, int maxPending, Duration pendingGrace) {
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
        this.maxPending = maxPending;
        this.pendingGraceNanos = pendingGrace.toNanos();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        Channel channel = ctx.channel();
        Channel evicted = null;
        Admission admission;
        synchronized (this) {
            InetAddress address = address(channel);
            if (clients < maxConnections && perAddress.getOrDefault(address, 0) < maxPerAddress) {
                clients++;
                perAddress.merge(address, 1, Integer::sum);
                admission = Admission.CLIENT;
            } else if (maxPending > 0) {
                if (pending.size() >= maxPending) {
                    Iterator<Channel> oldest = pending.iterator();
                    evicted = oldest.next();
                    oldest.remove();
                }
                pending.add(channel);
                admission = Admission.PENDING;
            } else {
                admission = null;
            }
            if (admission != null) {
                channel.attr(ADMISSION).set(admission);
            }
        }
        if (evicted != null) {
            Channel old = evicted;
            old.eventLoop().execute(() -> refuse(old));
        }
        if (admission == null) {
            log.debug("refusing connection from {}: {} open", channel.remoteAddress(), maxConnections);
            refuse(channel);
            return; // the rest of the pipeline never sees this connection
        }
        if (admission == Admission.PENDING) {
            ctx.executor().schedule(() -> {
                if (isPending(channel)) {
                    refuse(channel);
                }
            }, pendingGraceNanos, TimeUnit.NANOSECONDS);
        }
        super.channelActive(ctx);
    }

    /** Whether {@code channel} came past a limit and must prove to be a control link or be refused. */
    public boolean isPending(Channel channel) {
        return channel.attr(ADMISSION).get() == Admission.PENDING;
    }

    /** {@code channel} proved to be a control link: it no longer counts as a client, nor is it pending. */
    public void exempt(Channel channel) {
        release(channel, Admission.EXEMPT);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        release(ctx.channel(), Admission.EXEMPT);
        super.channelInactive(ctx);
    }

    private void release(Channel channel, Admission next) {
        Admission was = channel.attr(ADMISSION).getAndSet(next);
        if (was == Admission.CLIENT) {
            synchronized (this) {
                clients--;
                perAddress.computeIfPresent(address(channel), (a, n) -> n > 1 ? n - 1 : null);
            }
        } else if (was == Admission.PENDING) {
            synchronized (this) {
                pending.remove(channel);
            }
        }
    }

    private static void refuse(Channel channel) {
        if (!channel.isActive()) {
            return;
        }
        channel.config().setAutoRead(false);
        channel.writeAndFlush(Unpooled.wrappedBuffer(REFUSAL)).addListener(ChannelFutureListener.CLOSE);
    }

    /** Null for channels with no IP peer (tests on an EmbeddedChannel): they all share one count. */
    private static InetAddress address(Channel channel) {
        return channel.remoteAddress() instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}
