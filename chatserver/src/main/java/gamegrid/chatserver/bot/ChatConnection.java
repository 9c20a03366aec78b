package gamegrid.chatserver.bot;

import gamegrid.protocol.chat.ChatClientCodec;
import gamegrid.protocol.chat.ChatCommand;
import gamegrid.protocol.chat.ChatEvent;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A chat client connection for bots and load tools: {@link #ask} sends a command and completes with its one
 * answer ({@code OK} or {@code ERR}, matched in order); messages ({@code MSG}, {@code TELL}) go to a consumer
 * on the connection's event loop.
 */
public final class ChatConnection {
    private static final int MAX_LINE_LENGTH = 64 * 1024;

    private final Channel channel;
    /** Answers not yet received, oldest first; owned by the connection's loop. */
    private final ArrayDeque<CompletableFuture<ChatEvent>> waiting = new ArrayDeque<>();

    private ChatConnection(Channel channel) {
        this.channel = channel;
    }

    /** Connects; the future fails if the server cannot be reached. */
    public static CompletableFuture<ChatConnection> open(EventLoopGroup group, InetSocketAddress server, Consumer<ChatEvent> messages) {
        CompletableFuture<ChatConnection> opened = new CompletableFuture<>();
        ChatConnection[] made = new ChatConnection[1];
        ChannelFuture connect = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        made[0] = new ChatConnection(ch);
                        ch.pipeline().addLast(new LineBasedFrameDecoder(MAX_LINE_LENGTH), ChatClientCodec.INSTANCE,
                                made[0].new Reader(messages));
                    }
                })
                .connect(server);
        connect.addListener(f -> {
            if (f.isSuccess()) {
                opened.complete(made[0]);
            } else {
                opened.completeExceptionally(f.cause());
            }
        });
        return opened;
    }

    /** Sends {@code command}; completes with its answer, or fails if the connection closes first. */
    public CompletableFuture<ChatEvent> ask(ChatCommand command) {
        CompletableFuture<ChatEvent> answer = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            if (!channel.isActive()) {
                answer.completeExceptionally(new IOException("connection closed"));
                return;
            }
            waiting.addLast(answer);
            channel.writeAndFlush(command);
        });
        return answer;
    }

    public CompletableFuture<Void> close() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        channel.close().addListener(f -> closed.complete(null));
        return closed;
    }

    /** Matches answers to commands and hands messages on. */
    private final class Reader extends SimpleChannelInboundHandler<ChatEvent> {
        private final Consumer<ChatEvent> messages;

        Reader(Consumer<ChatEvent> messages) {
            this.messages = messages;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ChatEvent event) {
            if (event instanceof ChatEvent.Message || event instanceof ChatEvent.Whisper) {
                messages.accept(event);
                return;
            }
            CompletableFuture<ChatEvent> answer = waiting.pollFirst();
            if (answer != null) {
                answer.complete(event);
            } else {
                messages.accept(event); // an unasked ERR: the server is cutting this connection off
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            IOException closed = new IOException("connection closed");
            waiting.forEach(answer -> answer.completeExceptionally(closed));
            waiting.clear();
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            messages.accept(new ChatEvent.Err("client: " + cause));
            ctx.close();
        }
    }
}
