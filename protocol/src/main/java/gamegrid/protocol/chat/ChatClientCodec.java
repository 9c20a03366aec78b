package gamegrid.protocol.chat;

import gamegrid.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.MessageToMessageCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Client side, after the line decoder: each line to a {@link ChatEvent}, each {@link ChatCommand} to its UTF-8 line. */
@ChannelHandler.Sharable
public final class ChatClientCodec extends MessageToMessageCodec<ByteBuf, ChatCommand> {
    public static final ChatClientCodec INSTANCE = new ChatClientCodec();

    private ChatClientCodec() {
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf line, List<Object> out) {
        try {
            out.add(ChatCodec.parseEvent(line.toString(StandardCharsets.UTF_8)));
        } catch (ProtocolException e) {
            throw new DecoderException(e.getMessage(), e);
        }
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ChatCommand command, List<Object> out) {
        String line = ChatCodec.formatCommand(command);
        ByteBuf buf = ctx.alloc().buffer(ByteBufUtil.utf8MaxBytes(line) + 1);
        ByteBufUtil.writeUtf8(buf, line);
        out.add(buf.writeByte('\n'));
    }
}
