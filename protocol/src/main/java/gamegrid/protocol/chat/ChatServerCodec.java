package gamegrid.protocol.chat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Server side, after the line decoder: each line to a {@link ChatCommand} (a line that is not valid UTF-8
 * becomes {@link ChatCommand.Invalid}, never a lossy string), each {@link ChatEvent} to its UTF-8 line.
 * Buffers written as they are (messages encoded once for many connections) pass through untouched.
 */
@ChannelHandler.Sharable
public final class ChatServerCodec extends MessageToMessageCodec<ByteBuf, ChatEvent> {
    private final int maxTextLength;

    /** @param maxTextLength the longest text a {@code say}, {@code tell} or {@code announce} may carry, in code points */
    public ChatServerCodec(int maxTextLength) {
        this.maxTextLength = maxTextLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf line, List<Object> out) {
        if (!ByteBufUtil.isText(line, StandardCharsets.UTF_8)) {
            out.add(new ChatCommand.Invalid("invalid UTF-8"));
            return;
        }
        out.add(ChatCodec.parseCommand(line.toString(StandardCharsets.UTF_8), maxTextLength));
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ChatEvent event, List<Object> out) {
        out.add(ChatCodec.encode(ctx.alloc(), event));
    }
}
