package gamegrid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.support.DispatcherProcess;
import gamegrid.support.SpawnedProcessReaper;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dispatcher that cannot start says why in one line per problem, as an operator reads it, with no
 * stack trace, and exits non-zero before anything runs.
 */
@ExtendWith(SpawnedProcessReaper.class)
class DispatcherStartupTest {
    @TempDir
    Path dir;

    private static void assertNoStackTrace(DispatcherProcess.Refusal refusal) {
        for (String line : refusal.lines()) {
            assertTrue(!line.startsWith("\tat ") && !line.contains("Exception"), "no stack trace: " + refusal.lines());
        }
    }

    private static List<String> errors(DispatcherProcess.Refusal refusal) {
        return refusal.lines().stream().filter(line -> line.contains("ERROR")).toList();
    }

    @Test
    void aPortAlreadyInUseIsOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            DispatcherProcess.Refusal refusal = DispatcherProcess.refusal(dir, port);
            assertEquals(1, refusal.exitStatus());
            assertEquals(1, errors(refusal).size(), refusal.lines().toString());
            assertTrue(errors(refusal).get(0).endsWith("cannot start: cannot listen on 127.0.0.1:" + port + ": port " + port
                    + " already in use"), errors(refusal).get(0));
            assertNoStackTrace(refusal);
        }
    }

    @Test
    void everyBadSettingAndAnEmptySecretFileAreReportedTogether() throws Exception {
        Path secret = dir.resolve("empty.secret");
        Files.writeString(secret, "");
        DispatcherProcess.Refusal refusal = DispatcherProcess.refusal(dir, 0, "security.secret-file", secret.toString(),
                "fleet.reservation-timeout", "1000000m", "security.legacy-report-addresses", "10.0.0.300",
                "listen.host", "not an address");
        assertEquals(2, refusal.exitStatus());
        List<String> errors = errors(refusal);
        assertEquals(4, errors.size(), refusal.lines().toString());
        assertTrue(errors.stream().allMatch(line -> line.contains("bad configuration: ")), errors.toString());
        assertNoStackTrace(refusal);
    }
}
