package gamegrid.protocol;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The socket transport a server runs on: Netty's native epoll where it loads (Linux), else the JDK's NIO.
 * Epoll accepts straight into non-blocking sockets and closes without the JDK's extra {@code fcntl},
 * {@code getsockopt} and {@code shutdown} calls: on loopback that is a large part of a short connection's
 * cost. {@code -Dio.netty.transport.noNative=true} (Netty's own switch) forces NIO.
 */
public enum ServerTransport {
    EPOLL,
    NIO;

    /** Epoll if this platform has it, else NIO. */
    public static ServerTransport best() {
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    /** An event-loop group of this transport; threads are named {@code threadName-N}. */
    public EventLoopGroup newGroup(int threads, String threadName) {
        DefaultThreadFactory factory = new DefaultThreadFactory(threadName);
        return this == EPOLL ? new EpollEventLoopGroup(threads, factory) : new NioEventLoopGroup(threads, factory);
    }

    /** The listening-socket channel class to go with {@link #newGroup}. */
    public Class<? extends ServerChannel> serverChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
}
