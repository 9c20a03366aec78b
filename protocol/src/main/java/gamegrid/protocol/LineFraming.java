package gamegrid.protocol;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.LineEncoder;
import io.netty.handler.codec.string.LineSeparator;
import io.netty.handler.codec.string.StringDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The framing every gamegrid wire format shares: UTF-8 text lines ended by {@code \n}
 * ({@code \r\n} accepted), each at most a configured number of bytes.
 */
public final class LineFraming {
    public static final String FRAME_DECODER = "frameDecoder";
    public static final String STRING_DECODER = "stringDecoder";
    public static final String LINE_ENCODER = "lineEncoder";

    private static final StringDecoder UTF8_DECODER = new StringDecoder(StandardCharsets.UTF_8);
    private static final LineEncoder UTF8_LINE_ENCODER = new LineEncoder(LineSeparator.UNIX, StandardCharsets.UTF_8);

    private LineFraming() {
    }

    /** Adds the stock line stack; an over-long line raises {@link io.netty.handler.codec.TooLongFrameException}. */
    public static void addTo(ChannelPipeline pipeline, int maxLineLength) {
        pipeline.addLast(FRAME_DECODER, new LineBasedFrameDecoder(maxLineLength, true, true));
        pipeline.addLast(STRING_DECODER, UTF8_DECODER);
        pipeline.addLast(LINE_ENCODER, UTF8_LINE_ENCODER);
    }
}
