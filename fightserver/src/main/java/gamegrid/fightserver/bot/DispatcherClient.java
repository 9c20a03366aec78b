package gamegrid.fightserver.bot;

import gamegrid.protocol.dispatch.EndpointLookup;
import gamegrid.protocol.dispatch.Request;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Asks the dispatcher where to play the way a game client does: one {@code get} (or {@code map|MAPID}), one {@code HOST:PORT}.
 * A PvP pair asks for its two seats at once ({@code get|2}), so both land on the same server and both are counted.
 */
final class DispatcherClient {
    private DispatcherClient() {
    }

    static CompletableFuture<InetSocketAddress> locate(EventLoopGroup group, InetSocketAddress dispatcher, int seats,
                                                     Duration timeout) {
        return EndpointLookup.ask(group, dispatcher, new Request.Get(seats), timeout);
    }

    /** Asks the dispatcher {@code map|MAPID} for a map server of that map, as a world client does. */
    static CompletableFuture<InetSocketAddress> locateMap(EventLoopGroup group, InetSocketAddress dispatcher, String map,
                                                        Duration timeout) {
        return EndpointLookup.ask(group, dispatcher, new Request.Get(Request.MAP, map, 1), timeout);
    }
}
