package gamegrid.dispatcher;

import gamegrid.dispatcher.fleet.Fleet;
import gamegrid.protocol.ConnectionLimiter;
import gamegrid.protocol.LineDeadlineHandler;
import gamegrid.protocol.dispatch.DispatchCodec;
import gamegrid.protocol.dispatch.ReplyEncoder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/** The dispatcher's whole pipeline, in order. */
final class DispatcherServerInitializer extends ChannelInitializer<Channel> {
    static final String IDLE_STATE = "idleState";
    static final String LINE_DEADLINE = "lineDeadline";
    static final String REQUEST_DECODER = "requestDecoder";
    static final String REPLY_ENCODER = "replyEncoder";
    static final String CONNECTION_LIMIT = "connectionLimit";
    static final String HANDLER = "dispatcherHandler";

    private final DispatcherConfig config;
    private final Fleet fleet;
    private final ReportPolicy reportPolicy;
    private final ChannelGroup channels;
    private final ConnectionLimiter connectionLimiter;
    private final RequestObserver observer;

    DispatcherServerInitializer(DispatcherConfig config, Fleet fleet, ReportPolicy reportPolicy, ChannelGroup channels,
                                RequestObserver observer) {
        this.config = config;
        this.fleet = fleet;
        this.reportPolicy = reportPolicy;
        this.channels = channels;
        this.connectionLimiter = new ConnectionLimiter(config.maxConnections());
        this.observer = observer;
    }

    @Override
    protected void initChannel(Channel ch) {
        channels.add(ch);
        ChannelPipeline pipeline = ch.pipeline();
        pipeline.addLast(CONNECTION_LIMIT, connectionLimiter);
        pipeline.addLast(IDLE_STATE, new IdleStateHandler(config.clientIdleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        pipeline.addLast(LINE_DEADLINE, new LineDeadlineHandler(config.lineTimeout()));
        // Lines go straight from bytes to requests and from replies to bytes: the hot path makes no Strings.
        pipeline.addLast(REQUEST_DECODER, new RequestDecoder(
                config.maxLineLength(), config.seedFlushDelay(), DispatchCodec.ARGUMENTLESS_VERBS));
        pipeline.addLast(REPLY_ENCODER, new ReplyEncoder());
        pipeline.addLast(HANDLER, new DispatcherHandler(fleet, reportPolicy, config.maxLineLength(), observer));
    }
}
