package gamegrid.protocol.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.support.Outbound;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** The server's reply encoder alone: one buffer per batch of void-promise replies, order always kept. */
class ReplyEncoderTest {
    private final EmbeddedChannel channel = new EmbeddedChannel(new ReplyEncoder());

    private String nextWrite() {
        return Outbound.nextText(channel);
    }

    @Test
    void repliesNobodyWaitsOnLeaveAsOneWriteAtTheFlush() {
        channel.write(new Reply.Endpoint("127.0.0.1", 7000), channel.voidPromise());
        channel.write(new Reply.Endpoint("127.0.0.1", 7001), channel.voidPromise());
        channel.write(new Reply.Pong(), channel.voidPromise());
        assertNull(nextWrite(), "nothing leaves before the flush");
        channel.flush();
        assertEquals("127.0.0.1:7000\n127.0.0.1:7001\nPONG\n", nextWrite());
        assertNull(nextWrite());
        assertFalse(channel.finish());
    }

    @Test
    void aReplyWithAPromiseGoesOutAfterTheGatheredOnesAndCompletesItsPromise() {
        channel.write(new Reply.Endpoint("127.0.0.1", 7000), channel.voidPromise());
        ChannelFuture bye = channel.writeAndFlush(new Reply.Ok("bye"));
        assertEquals("127.0.0.1:7000\n", nextWrite());
        assertEquals("OK bye\n", nextWrite());
        assertTrue(bye.isSuccess());
        assertFalse(channel.finish());
    }

    @Test
    void aLargeBatchIsWrittenInBoundedBuffers() {
        Reply.Err err = new Reply.Err("x".repeat(1000));
        int line = "ERR \n".length() + 1000;
        int replies = 3 * ReplyEncoder.MAX_GATHERED_BYTES / 1000;
        for (int i = 0; i < replies; i++) {
            channel.write(err, channel.voidPromise());
        }
        channel.flush();
        int writes = 0;
        int bytes = 0;
        for (String text = nextWrite(); text != null; text = nextWrite()) {
            writes++;
            bytes += text.length();
            assertTrue(text.length() < ReplyEncoder.MAX_GATHERED_BYTES + line, "one write stays near the bound");
        }
        assertEquals(replies * line, bytes);
        assertTrue(writes >= 3, "split into several writes, got " + writes);
        assertFalse(channel.finish());
    }

    @Test
    void closingSendsWhatWasGatheredFirst() {
        channel.write(new Reply.Err("line timeout"), channel.voidPromise());
        channel.close();
        assertEquals("ERR line timeout\n", nextWrite());
        assertFalse(channel.finish());
    }
}
