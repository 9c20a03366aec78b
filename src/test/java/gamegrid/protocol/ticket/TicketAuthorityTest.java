package gamegrid.protocol.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TicketAuthorityTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private final TicketAuthority authority = new TicketAuthority("world-secret");

    @Test
    void aMintedTicketVerifiesUntilItExpires() throws TicketException {
        String token = authority.mint("alice", NOW, Duration.ofHours(1)).token();
        assertEquals("alice", authority.verify(token, NOW.plusSeconds(3599)).name());
        assertEquals("expired ticket",
                assertThrows(TicketException.class, () -> authority.verify(token, NOW.plusSeconds(3600))).getMessage());
    }

    @Test
    void chineseNamesAreValid() throws TicketException {
        String token = authority.mint("李小龙", NOW, Duration.ofMinutes(5)).token();
        assertEquals("李小龙", authority.verify(token, NOW).name());
    }

    @Test
    void aTicketWithAnotherNameOrExpiryOrSecretIsForged() {
        Ticket real = authority.mint("alice", NOW, Duration.ofHours(1));
        String otherName = "mallory:" + real.expiresEpochSeconds() + ":" + real.mac();
        String longer = "alice:" + (real.expiresEpochSeconds() + 86_400) + ":" + real.mac();
        String otherSecret = new TicketAuthority("another").mint("alice", NOW, Duration.ofHours(1)).token();
        for (String token : new String[] {otherName, longer, otherSecret}) {
            assertEquals("forged ticket", assertThrows(TicketException.class, () -> authority.verify(token, NOW)).getMessage());
        }
    }

    @Test
    void malformedTicketsAreRefusedWithAReason() {
        for (String token : new String[] {"", "alice", "alice:x:00", "a|b:1:00", "alice:1:2:3", ":1:00"}) {
            assertThrows(TicketException.class, () -> authority.verify(token, NOW), token);
        }
    }
}
