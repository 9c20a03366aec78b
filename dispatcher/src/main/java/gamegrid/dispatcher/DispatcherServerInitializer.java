package gamegrid.dispatcher;

import gamegrid.dispatcher.fleet.Fleet;
import gamegrid.protocol.ConnectionLimiter;
import gamegrid.protocol.LineDeadlineHandler;
import gamegrid.protocol.OutboundLimit;
import gamegrid.protocol.RepeatedWarnings;
import gamegrid.protocol.dispatch.DispatchCodec;
import gamegrid.protocol.dispatch.ReplyEncoder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher's whole pipeline, in order. Every connection starts with a {@link ClientSessionHandler};
 * one whose first command is {@code register} has it replaced by a {@link ControlLinkHandler}.
 */
final class DispatcherServerInitializer extends ChannelInitializer<Channel> {
    static final String CONNECTION_LIMIT = "connectionLimit";
    static final String IDLE_STATE = "idleState";
    static final String LINE_DEADLINE = "lineDeadline";
    static final String REQUEST_DECODER = "requestDecoder";
    static final String OUTBOUND_LIMIT = "outboundLimit";
    static final String REPLY_ENCODER = "replyEncoder";
    static final String CLIENT_SESSION = "clientSession";
    static final String CONTROL_LINK = "controlLink";

    /** How long a connection past a client limit has to show it is a battle server registering. */
    static final Duration PENDING_GRACE = Duration.ofSeconds(2);
    /** Repeated warnings from one peer: one line per this interval at most, and this many lines in all. */
    static final Duration WARNING_INTERVAL = Duration.ofSeconds(10);
    static final int WARNINGS_PER_INTERVAL = 20;

    private final ClientLimits limits;
    private final FrontDoor shared;
    private final ChannelGroup channels;

    DispatcherServerInitializer(DispatcherConfig config, Fleet fleet, ReportPolicy reportPolicy, ChannelGroup channels,
                                RequestObserver observer) {
        this.limits = config.limits();
        this.shared = new FrontDoor(
                new FleetDesk(fleet),
                reportPolicy,
                new ConnectionLimiter(limits.maxConnections(), limits.maxConnectionsPerAddress(),
                        limits.maxPendingRegistrations(), PENDING_GRACE),
                new SeatQuota(limits.maxSeatsPerConnection(), limits.maxSeatsPerAddress(), config.longestReservation(),
                        System::nanoTime),
                new RepeatedWarnings(LoggerFactory.getLogger(FrontDoor.class), WARNING_INTERVAL, WARNINGS_PER_INTERVAL,
                        System::nanoTime),
                observer,
                limits.maxLineLength());
        this.channels = channels;
    }

    @Override
    protected void initChannel(Channel ch) {
        channels.add(ch);
        ChannelPipeline pipeline = ch.pipeline();
        pipeline.addLast(CONNECTION_LIMIT, shared.limiter());
        pipeline.addLast(IDLE_STATE, new IdleStateHandler(limits.clientIdleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        pipeline.addLast(LINE_DEADLINE, new LineDeadlineHandler(limits.lineTimeout()));
        // Lines go straight from bytes to requests and from replies to bytes: the hot path makes no Strings.
        RequestDecoder decoder = new RequestDecoder(
                limits.maxLineLength(), limits.seedFlushDelay(), limits.clientIdleTimeout(), DispatchCodec.ARGUMENTLESS_VERBS);
        pipeline.addLast(REQUEST_DECODER, decoder);
        pipeline.addLast(OUTBOUND_LIMIT, new OutboundLimit(limits.maxUnsentBytes()));
        pipeline.addLast(REPLY_ENCODER, new ReplyEncoder());
        pipeline.addLast(CLIENT_SESSION, new ClientSessionHandler(shared, decoder));
    }
}
