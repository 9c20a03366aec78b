package gamegrid.chatserver;

import gamegrid.protocol.ConnectionLimiter;
import gamegrid.protocol.LineDeadlineHandler;
import gamegrid.protocol.chat.ChatServerCodec;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The chat server's whole pipeline, in order; the last handler changes once the connection says who it is. */
final class ChatServerInitializer extends ChannelInitializer<Channel> {
    static final String CONNECTION_LIMIT = "connectionLimit";
    static final String IDLE_STATE = "idleState";
    static final String LINE_DEADLINE = "lineDeadline";
    static final String FRAME_DECODER = "frameDecoder";
    static final String CHAT_CODEC = "chatCodec";
    static final String HANDLER = "chatHandler";
    /** Connections beyond the players, so refusals can still be said and operators and map servers get in. */
    static final int SPARE_CONNECTIONS = 256;
    static final Duration LINE_DEADLINE_LIMIT = Duration.ofSeconds(10);

    private final ChatServices services;
    private final ChannelGroup channels;
    private final ConnectionLimiter connectionLimiter;
    private final ChatServerCodec codec;
    private final WriteBufferWaterMark waterMark;

    ChatServerInitializer(ChatServices services, ChannelGroup channels) {
        ChatSettings settings = services.settings();
        this.services = services;
        this.channels = channels;
        this.connectionLimiter = new ConnectionLimiter(settings.maxPlayers() + SPARE_CONNECTIONS);
        this.codec = new ChatServerCodec(settings.maxTextLength());
        this.waterMark = new WriteBufferWaterMark(settings.highWaterBytes() / 2, settings.highWaterBytes());
    }

    @Override
    protected void initChannel(Channel ch) {
        channels.add(ch);
        ch.config().setWriteBufferWaterMark(waterMark);
        ChatSettings settings = services.settings();
        ChannelPipeline pipeline = ch.pipeline();
        pipeline.addLast(CONNECTION_LIMIT, connectionLimiter);
        pipeline.addLast(IDLE_STATE, new IdleStateHandler(settings.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        Duration deadline = settings.idleTimeout().compareTo(LINE_DEADLINE_LIMIT) < 0 ? settings.idleTimeout() : LINE_DEADLINE_LIMIT;
        pipeline.addLast(LINE_DEADLINE, new LineDeadlineHandler(deadline));
        pipeline.addLast(FRAME_DECODER, new LineBasedFrameDecoder(settings.maxLineLength(), true, true));
        pipeline.addLast(CHAT_CODEC, codec);
        pipeline.addLast(HANDLER, new OpeningHandler(services));
    }
}
