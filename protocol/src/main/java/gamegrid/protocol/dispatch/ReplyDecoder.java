package gamegrid.protocol.dispatch;

import gamegrid.protocol.ProtocolException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.ArrayList;
import java.util.List;

/** Client side: turns lines into {@link Reply}s, gathering a stats block into one reply. Not sharable. */
public final class ReplyDecoder extends MessageToMessageDecoder<String> {
    private List<Reply.KindRow> kindRows;
    private List<Reply.ServerRow> serverRows;
    private int statsRowsLeft;

    @Override
    protected void decode(ChannelHandlerContext ctx, String line, List<Object> out) {
        try {
            if (serverRows != null) {
                if (line.startsWith("kind ")) {
                    kindRows.add(DispatchCodec.parseKindRow(line));
                } else {
                    serverRows.add(DispatchCodec.parseServerRow(line));
                }
                statsRowsLeft--;
            } else {
                Reply reply = DispatchCodec.parseReply(line);
                if (!(reply instanceof Reply.Stats)) {
                    out.add(reply);
                    return;
                }
                statsRowsLeft = DispatchCodec.statsRowCount(line);
                kindRows = new ArrayList<>();
                serverRows = new ArrayList<>();
            }
            if (statsRowsLeft == 0) {
                out.add(new Reply.Stats(kindRows, serverRows));
                serverRows = null;
                kindRows = null;
            }
        } catch (ProtocolException e) {
            throw new DecoderException(e.getMessage(), e);
        }
    }
}
