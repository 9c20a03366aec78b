package gamegrid.dispatcher.admin;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.util.concurrent.TimeUnit;

/** The admin port's whole pipeline, in order: small limits everywhere, since nothing it serves needs a large request. */
final class AdminServerInitializer extends ChannelInitializer<Channel> {
    static final String READ_TIMEOUT = "readTimeout";
    static final String HTTP_CODEC = "httpCodec";
    static final String AGGREGATOR = "aggregator";
    static final String HANDLER = "adminHandler";
    /** Longest request line and total header size; beyond them 414 and 431. */
    static final int MAX_LINE = 4096;
    static final int MAX_HEADERS = 8192;
    /** Largest request body (only an announcement has one, far shorter); beyond it 413. */
    static final int MAX_BODY = 4096;
    /** A connection that sends nothing for this long is closed (a browser polls every two seconds). */
    static final int READ_TIMEOUT_SECONDS = 60;

    private final AdminContext admin;

    AdminServerInitializer(AdminContext admin) {
        this.admin = admin;
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline pipeline = ch.pipeline();
        pipeline.addLast(READ_TIMEOUT, new ReadTimeoutHandler(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        pipeline.addLast(HTTP_CODEC, new HttpServerCodec(MAX_LINE, MAX_HEADERS, MAX_BODY));
        pipeline.addLast(AGGREGATOR, new HttpObjectAggregator(MAX_BODY));
        pipeline.addLast(HANDLER, new AdminHandler(admin));
    }
}
