package gamegrid.support;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;

/** What a pipeline on an {@link EmbeddedChannel} wrote, read back as text. */
public final class Outbound {
    private Outbound() {
    }

    /** The next written buffer as UTF-8 text, released; null when nothing more was written. */
    public static String nextText(EmbeddedChannel channel) {
        ByteBuf out = channel.readOutbound();
        if (out == null) {
            return null;
        }
        try {
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            out.release();
        }
    }
}
