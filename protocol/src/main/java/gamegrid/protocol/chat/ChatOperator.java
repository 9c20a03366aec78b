package gamegrid.protocol.chat;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The operator's side of the chat protocol, for every tool that acts on the chat server (the dispatcher's admin
 * port, {@code scripts/announce.sh}): one short connection that opens an operator session with a fresh
 * {@link ServerProof}, sends one command ({@code announce}, {@code mute}, {@code unmute}, {@code who}) and reads
 * its answer. Never blocks: the answer is a future, settled within the timeout whatever the chat server does.
 */
public final class ChatOperator {
    /** Longest answer line read; an operator's answers are short. */
    private static final int MAX_LINE_LENGTH = 4096;

    private ChatOperator() {
    }

    /**
     * Completes with the chat server's answer to {@code command}, {@link ChatEvent.Ok} or {@link ChatEvent.Err}
     * (a refusal that changed nothing); fails with an {@link IOException} saying why when the chat server cannot
     * be reached, refuses the operator session ({@code proofs} made with another world's secret), closes, or does not answer in {@code timeout}.
     */
    public static CompletableFuture<ChatEvent> ask(EventLoopGroup group, InetSocketAddress server, ServerProof proofs,
                                                   ChatCommand command, Duration timeout) {
        CompletableFuture<ChatEvent> answer = new CompletableFuture<>();
        String proof = proofs.mint(ServerProof.ADMIN, Instant.now());
        new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, timeout.toMillis()))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new LineBasedFrameDecoder(MAX_LINE_LENGTH), ChatClientCodec.INSTANCE,
                                new Session(proof, command, timeout, answer));
                    }
                })
                .connect(server).addListener(f -> {
                    if (!f.isSuccess()) {
                        answer.completeExceptionally(new IOException("cannot reach the chat server at "
                                + server.getHostString() + ":" + server.getPort() + ": "
                                + f.cause().getMessage(), f.cause()));
                    }
                });
        return answer;
    }

    /** Logs in as operator, sends the command once accepted, takes its answer and closes. */
    private static final class Session extends SimpleChannelInboundHandler<ChatEvent> {
        private final String proof;
        private final ChatCommand command;
        private final Duration timeout;
        private final CompletableFuture<ChatEvent> answer;
        private boolean accepted;
        private ScheduledFuture<?> deadline;

        Session(String proof, ChatCommand command, Duration timeout, CompletableFuture<ChatEvent> answer) {
            this.proof = proof;
            this.command = command;
            this.timeout = timeout;
            this.answer = answer;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            // One deadline for the whole exchange, login included.
            deadline = ctx.executor().schedule(() -> fail(ctx, new IOException("the chat server did not answer within "
                    + timeout.toMillis() + " ms")), timeout.toMillis(), TimeUnit.MILLISECONDS);
            ctx.writeAndFlush(new ChatCommand.AdminLogin(proof));
            super.channelActive(ctx);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ChatEvent event) {
            if (!accepted) {
                if (event instanceof ChatEvent.Ok ok && ok.verb().equals(ServerProof.ADMIN)) {
                    accepted = true;
                    ctx.writeAndFlush(command);
                } else {
                    fail(ctx, new IOException("the chat server refused the operator session: " + ChatCodec.formatEvent(event)));
                }
            } else if (event instanceof ChatEvent.Ok || event instanceof ChatEvent.Err) {
                answer.complete(event);
                deadline.cancel(false);
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            fail(ctx, new IOException("the chat server closed the connection without an answer"));
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(ctx, new IOException("chat server connection failed: " + cause.getMessage(), cause));
        }

        private void fail(ChannelHandlerContext ctx, IOException why) {
            answer.completeExceptionally(why);
            if (deadline != null) {
                deadline.cancel(false);
            }
            ctx.close();
        }
    }
}
