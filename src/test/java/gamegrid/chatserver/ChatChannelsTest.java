package gamegrid.chatserver;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.protocol.chat.PresenceLink;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every kind of channel, over real sockets against an in-process chat server. */
class ChatChannelsTest {
    @RegisterExtension
    final ChatServerExtension chat = new ChatServerExtension();

    @Test
    void aWorldMessageReachesEveryoneOnlineOnceWithItsIdAndTheSenderHearsOkFirst() throws Exception {
        try (ChatClient ann = chat.login("ann"); ChatClient bob = chat.login("bob")) {
            assertEquals("OK|say|world|1", ann.request("say|world|hello all | and pipes"));
            ann.expect("MSG|world|1|ann|hello all | and pipes");
            bob.expect("MSG|world|1|ann|hello all | and pipes");
            assertEquals("OK|say|world|2", bob.request("say|world|again"));
            ann.expect("MSG|world|2|bob|again");
            bob.expect("MSG|world|2|bob|again");
            ann.expectNothing(100);
        }
    }

    @Test
    void chineseTextRoundTripsIntactAndLengthIsCountedInCharacters() throws Exception {
        String text = "你好，世界！今天我们去打怪吧。𠀀";
        try (ChatClient ann = chat.login("ann"); ChatClient 小明 = chat.login("小明")) {
            assertEquals("OK|say|world|1", 小明.request("say|world|" + text));
            ann.expect("MSG|world|1|小明|" + text);
            String longest = "字".repeat(200);
            assertEquals("OK|say|world|2", ann.request("say|world|" + longest));
            ann.expect("MSG|world|2|ann|" + longest);
            assertEquals("ERR text too long: 201 characters (limit 200)", ann.request("say|world|" + longest + "字"));
        }
    }

    @Test
    void theMapChannelReachesExactlyThePlayersOnTheSendersMap() throws Exception {
        PresenceLink link = new PresenceLink("127.0.0.1", chat.port(), ChatServerExtension.SECRET);
        link.start();
        try (ChatClient ann = chat.login("ann"); ChatClient bob = chat.login("bob"); ChatClient cat = chat.login("cat")) {
            assertEquals("ERR not on a map", ann.request("say|map|anyone?"));
            link.enter("ann", "forest");
            link.enter("bob", "forest");
            link.enter("cat", "desert");
            await().atMost(Duration.ofSeconds(5)).until(() -> ann.request("who|cat").equals("OK|who|cat|online|desert"));
            assertEquals("OK|say|map:forest|1", ann.request("say|map|wolves here"));
            ann.expect("MSG|map:forest|1|ann|wolves here");
            bob.expect("MSG|map:forest|1|ann|wolves here");
            cat.expectNothing(200);

            link.exit("bob", "forest");
            link.enter("bob", "desert");
            await().atMost(Duration.ofSeconds(5)).until(() -> ann.request("who|bob").equals("OK|who|bob|online|desert"));
            assertEquals("OK|say|map:desert|1", cat.request("say|map|sand"));
            bob.expect("MSG|map:desert|1|cat|sand");
            cat.expect("MSG|map:desert|1|cat|sand");
            ann.expectNothing(200);
        } finally {
            link.stop();
        }
    }

    @Test
    void aMapServersPlayersLeaveTheMapWhenItsLinkDrops() throws Exception {
        PresenceLink link = new PresenceLink("127.0.0.1", chat.port(), ChatServerExtension.SECRET);
        link.start();
        try (ChatClient ann = chat.login("ann")) {
            link.enter("ann", "forest");
            await().atMost(Duration.ofSeconds(5)).until(() -> ann.request("who|ann").equals("OK|who|ann|online|forest"));
            link.stop();
            await().atMost(Duration.ofSeconds(5)).until(() -> ann.request("who|ann").equals("OK|who|ann|online|"));
        }
    }

    @Test
    void namedChannelsNeedJoiningKeepHistoryAndNumberTheirOwnMessages() throws Exception {
        try (ChatClient ann = chat.login("ann"); ChatClient bob = chat.login("bob"); ChatClient cat = chat.login("cat")) {
            assertEquals("ERR not in channel #red: join it first", ann.request("say|#red|hi"));
            assertEquals("OK|join|#red|0", ann.request("join|#red"));
            assertEquals("OK|say|#red|1", ann.request("say|#red|first"));
            ann.expect("MSG|#red|1|ann|first");
            assertEquals("OK|say|#red|2", ann.request("say|#red|second"));
            ann.expect("MSG|#red|2|ann|second");
            assertEquals("OK|join|#red|2", bob.request("join|#red"));
            bob.expect("MSG|#red|1|ann|first");
            bob.expect("MSG|#red|2|ann|second");
            assertEquals("ERR already in channel #red", bob.request("join|#red"));
            assertEquals("OK|say|#red|3", bob.request("say|#red|third"));
            ann.expect("MSG|#red|3|bob|third");
            bob.expect("MSG|#red|3|bob|third");
            cat.expectNothing(100);

            assertEquals("OK|leave|#red", ann.request("leave|#red"));
            assertEquals("ERR not in channel #red", ann.request("leave|#red"));
            assertEquals("OK|say|#red|4", bob.request("say|#red|fourth"));
            bob.expect("MSG|#red|4|bob|fourth");
            ann.expectNothing(100);
        }
    }

    @Test
    void aPlayersChannelsFollowItToItsNextLogin() throws Exception {
        try (ChatClient ann = chat.login("ann")) {
            assertEquals("OK|join|#red|0", ann.request("join|#red"));
            assertEquals("OK|join|#guild|0", ann.request("join|#guild"));
        }
        try (ChatClient ann = ChatClient.connect(chat.port(), "ann")) {
            assertEquals("OK|login|ann|#red,#guild", ann.request("login|" + ChatClient.ticket(ChatServerExtension.SECRET, "ann")));
        }
    }

    @Test
    void privateMessagesReachOnePlayerAndWaitInTheInboxWhileItIsOffline() throws Exception {
        try (ChatClient ann = chat.login("ann"); ChatClient bob = chat.login("bob")) {
            assertEquals("OK|tell|bob|1|online", ann.request("tell|bob|psst"));
            bob.expect("TELL|1|ann|psst");
            assertEquals("ERR unknown player: nobody", ann.request("tell|nobody|hi"));
            assertEquals("ERR that is you", ann.request("tell|ann|hi"));
        }
        try (ChatClient ann = chat.login("ann")) {
            await().atMost(Duration.ofSeconds(5)).until(() -> ann.request("who|bob").equals("OK|who|bob|offline"));
            assertEquals("OK|tell|bob|2|inbox", ann.request("tell|bob|later 1"));
            assertEquals("OK|tell|bob|3|inbox", ann.request("tell|bob|later 2"));
        }
        try (ChatClient bob = chat.login("bob")) {
            bob.expect("TELL|2|ann|later 1");
            bob.expect("TELL|3|ann|later 2");
            bob.expectNothing(100);
        }
        try (ChatClient bob = chat.login("bob")) {
            bob.expectNothing(100); // delivered once, not at every login
        }
    }

    @Test
    void aFullInboxRefusesMoreWithoutLosingWhatItHolds() throws Exception {
        chat.login("bob").close();
        try (ChatClient ann = chat.login("ann")) {
            await().atMost(Duration.ofSeconds(5)).until(() -> ann.request("who|bob").equals("OK|who|bob|offline"));
            for (int i = 1; i <= 100; i++) {
                assertEquals("OK|tell|bob|" + i + "|inbox", ann.request("tell|bob|m" + i));
            }
            assertEquals("ERR bob's inbox is full", ann.request("tell|bob|one too many"));
        }
        try (ChatClient bob = chat.login("bob")) {
            for (int i = 1; i <= 100; i++) {
                bob.expect("TELL|" + i + "|ann|m" + i);
            }
        }
    }

    @Test
    void aBlockedPlayerReachesTheBlockerOnNoChannel() throws Exception {
        try (ChatClient ann = chat.login("ann"); ChatClient bob = chat.login("bob"); ChatClient cat = chat.login("cat")) {
            assertEquals("OK|block|bob", ann.request("block|bob"));
            assertEquals("ERR ann does not take messages from you", bob.request("tell|ann|hey"));
            assertEquals("OK|say|world|1", bob.request("say|world|hello"));
            bob.expect("MSG|world|1|bob|hello");
            cat.expect("MSG|world|1|bob|hello");
            ann.expectNothing(200);
            assertEquals("OK|unblock|bob", ann.request("unblock|bob"));
            assertEquals("ERR not blocking bob", ann.request("unblock|bob"));
            assertEquals("OK|tell|ann|1|online", bob.request("tell|ann|hey"));
            ann.expect("TELL|1|bob|hey");
        }
    }

    @Test
    void whoSaysOnlineOrOfflineAndRefusesStrangers() throws Exception {
        chat.login("bob").close();
        try (ChatClient ann = chat.login("ann")) {
            assertEquals("OK|who|ann|online|", ann.request("who|ann"));
            await().atMost(Duration.ofSeconds(5)).until(() -> ann.request("who|bob").equals("OK|who|bob|offline"));
            assertEquals("ERR unknown player: zed", ann.request("who|zed"));
        }
    }

    @Test
    void theSameNameLoggingInTwiceClosesTheOlderConnectionAndSaysWhy() throws Exception {
        try (ChatClient first = chat.login("ann"); ChatClient second = chat.login("ann")) {
            first.expect("ERR logged in elsewhere");
            assertTrue(first.closedByServer());
            assertEquals("OK|ping", second.request("ping"));
            assertEquals("OK|who|ann|online|", second.request("who|ann"));
        }
        try (ChatClient bob = chat.login("bob")) {
            await().atMost(Duration.ofSeconds(5)).until(() -> bob.request("who|ann").equals("OK|who|ann|offline"));
        }
    }
}
