package gamegrid.protocol.map.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.support.MemcachedProcess;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client's watchdog tells a silent memcached from a loop too busy to read: the map server's world loop is also
 * the memcached client's, and a turn of it longer than the timeout must not fail a store that answered.
 */
class MemcacheClientTimeoutTest {
    private static final Duration TIMEOUT = Duration.ofMillis(100);

    private final EventLoopGroup group = new NioEventLoopGroup(1);

    @AfterEach
    void stopLoop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Test
    void aLoopBusyLongerThanTheTimeoutStillReadsTheAnswerMemcachedGave() throws Exception {
        try (MemcachedProcess memcached = MemcachedProcess.start();
             ServerSocket triggers = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            MemcacheClient client = new MemcacheClient(group.next(), new InetSocketAddress("127.0.0.1", memcached.port()), TIMEOUT);
            assertTrue(client.add("k", "v", 0).get(5, TimeUnit.SECONDS).stored());
            CompletableFuture<Optional<Item>> answered = new CompletableFuture<>();
            // A read on another connection of the same loop asks memcached, then keeps the loop busy for five
            // timeouts (as a turn fanning out to a crowd on a starved machine does): the answer waits in the socket.
            Channel busy = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) throws InterruptedException {
                            ReferenceCountUtil.release(msg);
                            client.get("k").whenComplete((item, error) -> {
                                if (error != null) {
                                    answered.completeExceptionally(error);
                                } else {
                                    answered.complete(item);
                                }
                            });
                            TimeUnit.MILLISECONDS.sleep(TIMEOUT.toMillis() * 5);
                        }
                    })
                    .connect(triggers.getLocalSocketAddress()).sync().channel();
            try (Socket trigger = triggers.accept()) {
                trigger.getOutputStream().write('x');
                assertEquals("v", answered.get(5, TimeUnit.SECONDS).orElseThrow().value());
                assertTrue(client.available());
            } finally {
                busy.close().sync();
                client.close();
            }
        }
    }

    @Test
    void aMemcachedThatNeverAnswersStillFailsTheRequestAndCountsAsDown() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            MemcacheClient client = new MemcacheClient(group.next(), (InetSocketAddress) silent.getLocalSocketAddress(), TIMEOUT);
            long started = System.nanoTime();
            CompletableFuture<Optional<Item>> get = client.get("k");
            try (Socket accepted = silent.accept()) { // it reads nothing and answers nothing
                ExecutionException failed = assertThrows(ExecutionException.class,
                        () -> get.get(5, TimeUnit.SECONDS));
                long waitedMillis = (System.nanoTime() - started) / 1_000_000;
                assertEquals("state store unavailable", MemcacheClient.storeFailure(failed).getMessage());
                assertTrue(waitedMillis >= TIMEOUT.toMillis(), "failed after " + waitedMillis + " ms");
                assertFalse(client.available());
            } finally {
                client.close();
            }
        }
    }
}
