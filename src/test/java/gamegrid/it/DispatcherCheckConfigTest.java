package gamegrid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gamegrid.dispatcher.DispatcherMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --check-config} and {@code --help} on the dispatcher's main, in a real JVM: they start nothing. */
class DispatcherCheckConfigTest {
    @TempDir
    Path dir;

    private record Run(int exit, String output) {
    }

    private Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), DispatcherMain.class.getName(),
                "--security.secret-file=" + dir.resolve("secret"), "--fleet.roster-file=" + dir.resolve("roster"),
                "--launch.log-dir=" + dir.resolve("logs")));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "exits by itself");
            return new Run(process.exitValue(), output);
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void everyBadSettingIsReportedAtOnceAndNothingStarts() throws Exception {
        Run run = run("--check-config", "--listen.port=0", "--fleet.max-players=0", "--admin.port=99999",
                "--fleet.min-servers=5", "--fleet.max-servers=2", "--no.such-key=1");
        assertEquals(2, run.exit(), run.output());
        for (String problem : List.of("fleet.max-players=0", "admin.port=99999", "fleet.min-servers=5 is above fleet.max-servers=2",
                "no.such-key: unknown setting")) {
            assertTrue(run.output().contains(problem), problem + " in:\n" + run.output());
        }
        assertFalse(run.output().contains("listening"), "nothing started:\n" + run.output());
    }

    @Test
    void aGoodConfigurationIsSaidToBeGoodWithoutStarting() throws Exception {
        Run run = run("--check-config", "--listen.port=0", "--admin.port=0");
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("configuration OK"), run.output());
        assertFalse(run.output().contains("listening"), run.output());
    }

    @Test
    void helpPrintsTheUsage() throws Exception {
        Run run = run("--help");
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().startsWith("usage: "), run.output());
        assertTrue(run.output().contains("--check-config"), run.output());
    }
}
