package gamegrid.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gamegrid.support.LineClient;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ServerTransportTest {
    @Test
    void bestIsEpollWhereItLoadsAndNioElsewhere() {
        assertEquals(Epoll.isAvailable() ? ServerTransport.EPOLL : ServerTransport.NIO, ServerTransport.best());
    }

    @ParameterizedTest
    @EnumSource(ServerTransport.class)
    void servesLinesOnLoopbackWithOneGroupForAcceptAndIo(ServerTransport transport) throws Exception {
        if (transport == ServerTransport.EPOLL && !Epoll.isAvailable()) {
            return; // nothing to run on this platform; best() falls back to NIO, checked above
        }
        EventLoopGroup group = transport.newGroup(1, "transport-test");
        try {
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannel())
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    ctx.writeAndFlush((ByteBuf) msg); // echo
                                }
                            });
                        }
                    })
                    .bind("127.0.0.1", 0).sync().channel();
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            try (LineClient first = new LineClient(port); LineClient second = new LineClient(port)) {
                assertEquals("hello", first.request("hello"));
                assertEquals("again", second.request("again"));
            }
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
