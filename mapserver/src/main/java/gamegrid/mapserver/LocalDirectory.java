package gamegrid.mapserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Without a dispatcher: portals lead only to maps this very server hosts. */
final class LocalDirectory implements MapDirectory {
    private final List<String> maps;
    private final InetSocketAddress self;

    LocalDirectory(List<String> maps, InetSocketAddress self) {
        this.maps = List.copyOf(maps);
        this.self = self;
    }

    @Override
    public CompletableFuture<InetSocketAddress> locate(String map) {
        return maps.contains(map) ? CompletableFuture.completedFuture(self)
                : CompletableFuture.failedFuture(new IOException("no dispatcher to find map " + map));
    }
}
