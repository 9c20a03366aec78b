package gamegrid.protocol.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Durations are parsed without ever overflowing, and bounded. */
class SettingsTest {
    private static Settings settings(String key, String value) throws IOException {
        return Settings.read(new StringReader(""), Map.of(key, value));
    }

    @Test
    void durationsAcceptEveryUnitAndDecimals() {
        assertEquals(Duration.ofMillis(250), Settings.parseDuration("250ms"));
        assertEquals(Duration.ofMillis(1500), Settings.parseDuration("1.5s"));
        assertEquals(Duration.ofMinutes(5), Settings.parseDuration("5m"));
        assertEquals(Duration.ofHours(2), Settings.parseDuration("2 h"));
    }

    @Test
    void hugeOrMalformedDurationsAreRefusedNotWrappedAround() {
        for (String bad : List.of("99999999999999999999m", "9223372036854775807ms", "1e300s", "NaNs", "Infinitys", "-1s", "5",
                "5d", "", "1.5.5s")) {
            assertNull(Settings.parseDuration(bad), bad);
        }
    }

    @Test
    void aDurationAboveItsMaximumIsOneProblemNamingTheRange() throws IOException {
        Settings s = settings("t", "1000000m");
        assertEquals(Duration.ofSeconds(10), s.duration("t", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(10)));
        SettingsException e = assertThrows(SettingsException.class, s::validate);
        assertEquals(List.of("t=1000000m: expected a duration like 250ms, 10s or 5m, from 100ms to 10m"), e.problems());
    }

    @Test
    void withoutAnExplicitMaximumDurationsStopAtAYear() throws IOException {
        Settings s = settings("t", "8761h");
        s.duration("t", Duration.ZERO, Duration.ZERO);
        assertEquals(List.of("t=8761h: expected a duration like 250ms, 10s or 5m, from 0ms to 8760h"),
                assertThrows(SettingsException.class, s::validate).problems());
    }

    @Test
    void addressesAreCheckedWithoutAskingDns() throws IOException {
        Settings s = Settings.read(new StringReader(""), Map.of("a", "10.0.0.1 ::1 example.org", "h", "bad host", "l", "localhost"));
        assertEquals(List.of("10.0.0.1", "::1"), s.ipAddresses("a"));
        assertEquals("x", s.hostName("h", "x"));
        assertEquals("localhost", s.address("l", "x"));
        assertEquals(List.of("a: example.org is not an IP address", "h=bad host: not a host name nor an IP address"),
                assertThrows(SettingsException.class, s::validate).problems());
    }
}
