package gamegrid.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.chatserver.ChatServerConfig;
import gamegrid.fightserver.BattleServerConfig;
import gamegrid.mapserver.MapServerConfig;
import gamegrid.protocol.config.Settings;
import gamegrid.protocol.config.SettingsException;
import gamegrid.chatserver.ChatServerConfig;
import gamegrid.mapserver.MapServerConfig;
import gamegrid.protocol.dispatch.Request;
import gamegrid.protocol.ticket.TicketAuthority;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every setting is checked before anything starts: all problems at once, one line each. */
class DispatcherConfigTest {
    @TempDir
    Path dir;

    private List<String> problems(String... settings) throws IOException {
        Map<String, String> values = new HashMap<>();
        values.put("security.secret-file", dir.resolve("dispatcher.secret").toString());
        for (int i = 0; i + 1 < settings.length; i += 2) {
            values.put(settings[i], settings[i + 1]);
        }
        SettingsException e = assertThrows(SettingsException.class,
                () -> DispatcherConfig.from(Settings.read(new StringReader(""), values)));
        e.problems().forEach(p -> assertFalse(p.contains("\n"), "one line: " + p));
        return e.problems();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = ';', value = {
            "fleet.reservation-timeout;1000000m", // a ring of 600 million slots per server
            "fleet.reservation-timeout;99999999999999999h", // nanoseconds overflow
            "fleet.heartbeat-timeout;1e300s",
            "fleet.start-timeout;-5s",
            "fleet.drain-timeout;10 days",
            "limits.client-idle-timeout;2h",
            "limits.seed-flush-delay;0ms",
            "launch.heartbeat-interval;NaNs",
            "listen.host;300.1.2.3.4",
            "listen.advertised-host;game server",
            "security.legacy-report-addresses;10.0.0.1,not-an-address",
            "limits.max-seats-per-connection;10", // a party of 64 must fit
            "limits.max-unsent-bytes;1000",
            "limits.max-connections-per-address;0"})
    void eachBadSettingIsOneClearLineNamingItsKey(String key, String value) throws IOException {
        List<String> problems = problems(key, value);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(key), problems.get(0));
    }

    @Test
    void everyProblemIsReportedAtOnce() throws IOException {
        List<String> problems = problems("fleet.reservation-timeout", "1000000m", "listen.host", "300.1.2.3.4",
                "limits.max-line-length", "x", "fleet.max-playerz", "10");
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.contains("fleet.max-playerz: unknown setting"), problems.toString());
    }

    @Test
    void anEmptySecretFileIsOneLine() throws IOException {
        Path secret = dir.resolve("empty.secret");
        Files.writeString(secret, "\n");
        List<String> problems = problems("security.secret-file", secret.toString());
        assertEquals(List.of("security.secret-file=" + secret + ": empty; delete it to have a new secret made, or write one in it"),
                problems);
    }

    @Test
    void aSecretFileThatIsAFolderIsOneLine() throws IOException {
        List<String> problems = problems("security.secret-file", dir.toString());
        assertEquals(List.of("security.secret-file=" + dir + ": not a regular file"), problems);
    }

    @Test
    void theShippedSettingsFilesLoadAsTheyAre() throws IOException {
        DispatcherConfig dispatcher = DispatcherConfig.from(Settings.read(Path.of("config", "dispatcher.properties"),
                Map.of("security.secret-file", dir.resolve("dispatcher.secret").toString())));
        assertEquals(Duration.ofSeconds(10), dispatcher.longestReservation());
        assertEquals(64, dispatcher.limits().maxSeatsPerConnection());
        // Each kind its own JVM: many small C1-only battle servers, one chat server with C2 and a heap for 100k players.
        Map<String, List<String>> jvm = new java.util.HashMap<>();
        dispatcher.fleet().kinds().forEach(kind -> jvm.put(kind.kind(), dispatcher.launch().jvmOptions(kind)));
        assertEquals(dispatcher.launch().jvmOptions(), jvm.get(Request.BATTLE));
        assertTrue(jvm.get(Request.BATTLE).contains("-XX:TieredStopAtLevel=1"), jvm.toString());
        assertTrue(jvm.get(Request.CHAT).contains("-Xmx1g") && !jvm.get(Request.CHAT).contains("-XX:TieredStopAtLevel=1"), jvm.toString());
        assertTrue(jvm.get(Request.MAP).contains("-Xmx512m") && !jvm.get(Request.MAP).contains("-XX:TieredStopAtLevel=1"), jvm.toString());
        BattleServerConfig battle = BattleServerConfig.from(Settings.read(Path.of("config", "fightserver.properties"), Map.of()), Map.of());
        assertEquals(1000, battle.battle().maxPlayers());
    }

    @Test
    void everyKindOfServerStartsFromItsShippedFileWithTheArgumentsTheDispatcherGivesIt() throws IOException {
        // What ProcessLauncher adds to each kind's options (config/dispatcher.properties: fleet., map., chat.options).
        Map<String, String> launched = Map.of("host", "127.0.0.1", "dispatcher", "127.0.0.1:6000",
                "heartbeat-interval", "1000ms", "max-players", "200");
        Map<String, String> environment = Map.of(Request.Register.CREDENTIAL_ENV, "c", TicketAuthority.SECRET_ENV, "w");
        Map<String, String> battle = new java.util.HashMap<>(launched);
        battle.putAll(Map.of("port", "7000", "memcached", "127.0.0.1:11211"));
        assertEquals(200, BattleServerConfig.from(Settings.read(Path.of("config", "fightserver.properties"), battle),
                environment).battle().maxPlayers());
        Map<String, String> map = new java.util.HashMap<>(launched);
        map.putAll(Map.of("port", "8000", "maps", "town"));
        assertEquals(List.of("town"), MapServerConfig.from(Settings.read(Path.of("config", "mapserver.properties"), map),
                environment).map().maps());
        Map<String, String> chat = new java.util.HashMap<>(launched);
        chat.put("port", "6100");
        assertEquals(6100, ChatServerConfig.from(Settings.read(Path.of("config", "chatserver.properties"), chat),
                environment).chat().port());
    }
}
