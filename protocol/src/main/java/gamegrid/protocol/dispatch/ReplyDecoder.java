package gamegrid.protocol.dispatch;

import gamegrid.protocol.ProtocolException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.ArrayList;
import java.util.List;

/** Client side: turns lines into {@link Reply}s, gathering a stats block into one reply. Not sharable. */
public final class ReplyDecoder extends MessageToMessageDecoder<String> {
    private List<Reply.ServerRow> statsRows;
    private int statsRowsExpected;

    @Override
    protected void decode(ChannelHandlerContext ctx, String line, List<Object> out) {
        try {
            if (statsRows != null) {
                statsRows.add(DispatchCodec.parseServerRow(line));
            } else {
                Reply reply = DispatchCodec.parseReply(line);
                if (!(reply instanceof Reply.Stats)) {
                    out.add(reply);
                    return;
                }
                statsRowsExpected = DispatchCodec.statsRowCount(line);
                statsRows = new ArrayList<>(statsRowsExpected);
            }
            if (statsRows.size() == statsRowsExpected) {
                out.add(new Reply.Stats(statsRows));
                statsRows = null;
            }
        } catch (ProtocolException e) {
            throw new DecoderException(e.getMessage(), e);
        }
    }
}
