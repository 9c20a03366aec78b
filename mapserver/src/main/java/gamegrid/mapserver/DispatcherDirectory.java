package gamegrid.mapserver;

import gamegrid.protocol.dispatch.EndpointLookup;
import gamegrid.protocol.dispatch.Request;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The dispatcher as map directory: one short connection per lookup, {@code map|MAPID} answered by
 * {@code HOST:PORT} (once a server of that map accepts players) or {@code ERR reason}; likewise {@code chat}.
 */
public final class DispatcherDirectory implements MapDirectory {
    private final EventLoopGroup group;
    private final InetSocketAddress dispatcher;
    private final Duration timeout;

    /** @param timeout how long to wait for the answer, which may include starting a map server */
    public DispatcherDirectory(EventLoopGroup group, InetSocketAddress dispatcher, Duration timeout) {
        this.group = group;
        this.dispatcher = dispatcher;
        this.timeout = timeout;
    }

    @Override
    public CompletableFuture<InetSocketAddress> locate(String map) {
        return EndpointLookup.ask(group, dispatcher, new Request.Get(Request.MAP, map, 1), timeout);
    }

    /** The chat server, for the presence link: {@code chat} answered by {@code HOST:PORT}, or why there is none. */
    public CompletableFuture<InetSocketAddress> chat() {
        return EndpointLookup.ask(group, dispatcher, new Request.Get(Request.CHAT, "", 1), timeout);
    }
}
