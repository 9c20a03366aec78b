package gamegrid.mapserver;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/** Finds a map server hosting a map, for a player stepping through a portal: the dispatcher's {@code map|MAPID}. */
public interface MapDirectory {
    /** Completes with the address of a server that accepts players for {@code map}, or fails with the reason. */
    CompletableFuture<InetSocketAddress> locate(String map);
}
