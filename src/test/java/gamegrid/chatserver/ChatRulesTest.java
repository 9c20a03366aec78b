package gamegrid.chatserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.protocol.chat.ChatEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The plain-Java parts: token buckets on a test clock, presence bookkeeping, the state file. */
class ChatRulesTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aTokenBucketAllowsItsBurstThenOnePerInterval() {
        TokenBucket bucket = new TokenBucket(new TokenBucket.Rate(0.5, 2), 0);
        assertEquals(0, bucket.tryTake(0));
        assertEquals(0, bucket.tryTake(0));
        assertEquals(2 * SECOND, bucket.tryTake(0));
        assertEquals(SECOND, bucket.tryTake(SECOND));
        assertEquals(0, bucket.tryTake(2 * SECOND));
        assertEquals(0, bucket.tryTake(100 * SECOND));
        assertEquals(0, bucket.tryTake(100 * SECOND)); // refilled to the burst, no further
        assertTrue(bucket.tryTake(100 * SECOND) > 0);
    }

    @Test
    void presenceFollowsMovesIgnoresExitsFromServersThePlayerLeftAndForgetsADroppedLink() {
        Presence presence = new Presence();
        presence.enter(1, "ann", "forest");
        presence.enter(1, "bob", "forest");
        presence.enter(2, "ann", "desert"); // moved to another map server
        presence.exit(1, "ann", "forest"); // the old server's late exit
        assertEquals("desert", presence.mapOf("ann"));
        presence.enter(3, "ann", "desert"); // taken over by another server of the same map (its host was cut off)
        presence.exit(2, "ann", "desert"); // the server that lost the player finds out and drops it
        assertEquals("desert", presence.mapOf("ann"));
        assertEquals(Set.of("ann"), presence.playersOn("desert"));
        assertEquals(Set.of("bob"), presence.playersOn("forest"));
        assertEquals(1, presence.dropLink(1));
        assertNull(presence.mapOf("bob"));
        assertEquals(Set.of(), presence.playersOn("forest"));
        assertEquals(1, presence.size());
    }

    @Test
    void theStateFileKeepsAccountsChannelsInboxesAndAnnouncements() throws IOException {
        ChatState state = new ChatState(2);
        Account ann = state.account("ann");
        ann.blocked.add("bob");
        ann.channels.add("#red");
        state.room("#red").members.add("ann");
        ann.inbox.add(new Account.Stored(new ChatEvent.Whisper(4, "小明", "你好 | tab-free"), 1234));
        ann.lastWhisperId = 4;
        ann.mutedUntilEpochMillis = 99;
        for (int i = 0; i < 3; i++) {
            state.room("#red").post("ann", "m" + i);
        }
        state.room("world").post("ann", "w");
        state.announcements.add(new ChatState.Announcement(new ChatEvent.Message("announce", 1, "operator", "hi"), 5));
        state.lastAnnouncementId = 1;

        ChatState clean = reload(state, true);
        Account back = clean.accounts.get("ann");
        assertEquals(Set.of("bob"), back.blocked);
        assertEquals(Set.of("#red"), back.channels);
        assertEquals(List.copyOf(ann.inbox), List.copyOf(back.inbox));
        assertEquals(99, back.mutedUntilEpochMillis);
        assertEquals(3, clean.room("#red").lastId);
        assertEquals(List.of("m1", "m2"), clean.room("#red").history().stream().map(ChatEvent.Message::text).toList());
        assertEquals(1, clean.room("world").lastId);
        assertEquals(List.copyOf(state.announcements), List.copyOf(clean.announcements));

        ChatState crashed = reload(state, false); // ids handed out after the last save must not come again
        assertEquals(3 + ChatState.UNCLEAN_ID_GAP, crashed.room("#red").lastId);
        assertEquals(4 + ChatState.UNCLEAN_ID_GAP, crashed.accounts.get("ann").lastWhisperId);
    }

    private static ChatState reload(ChatState state, boolean clean) throws IOException {
        StringWriter out = new StringWriter();
        state.write(out, clean);
        ChatState loaded = new ChatState(2);
        assertEquals(clean, loaded.read(new BufferedReader(new StringReader(out.toString()))));
        return loaded;
    }
}
