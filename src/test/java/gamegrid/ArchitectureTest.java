package gamegrid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** One jar holds every source folder, so the compiler no longer guards the boundaries: these tests do. */
class ArchitectureTest {

    @Test
    void theSharedProtocolDependsOnNeitherDaemon() throws IOException {
        assertEquals(List.of(), importsMatching(Path.of("protocol/src/main/java"), "import gamegrid\\.dispatcher", "import gamegrid\\.fightserver",
                "import gamegrid\\.mapserver"));
    }

    @Test
    void theDispatcherAndTheBattleServerDoNotReachIntoEachOther() throws IOException {
        assertEquals(List.of(), importsMatching(Path.of("dispatcher/src/main/java"), "import gamegrid\\.fightserver"));
        assertEquals(List.of(), importsMatching(Path.of("fightserver/src/main/java"), "import gamegrid\\.dispatcher"));
    }

    @Test
    void theMapServerReachesIntoNoOtherDaemon() throws IOException {
        assertEquals(List.of(), importsMatching(Path.of("mapserver/src/main/java"), "import gamegrid\\.dispatcher", "import gamegrid\\.fightserver"));
        assertEquals(List.of(), importsMatching(Path.of("dispatcher/src/main/java"), "import gamegrid\\.mapserver"));
        assertEquals(List.of(), importsMatching(Path.of("fightserver/src/main/java"), "import gamegrid\\.mapserver"));
    }

    @Test
    void theMapDataStaysPlainJava() throws IOException {
        assertEquals(List.of(), importsMatching(Path.of("protocol/src/main/java/gamegrid/protocol/map/tiles"), "import io\\.netty"));
    }

    @Test
    void theChatServerImportsNoOtherDaemonAndNoDaemonImportsIt() throws IOException {
        assertEquals(List.of(), importsMatching(Path.of("chatserver/src/main/java"),
                "import gamegrid\\.dispatcher", "import gamegrid\\.fightserver", "import gamegrid\\.mapserver"));
        assertEquals(List.of(), importsMatching(Path.of("protocol/src/main/java"), "import gamegrid\\.chatserver"));
        assertEquals(List.of(), importsMatching(Path.of("dispatcher/src/main/java"), "import gamegrid\\.chatserver"));
        assertEquals(List.of(), importsMatching(Path.of("fightserver/src/main/java"), "import gamegrid\\.chatserver"));
        assertEquals(List.of(), importsMatching(Path.of("mapserver/src/main/java"), "import gamegrid\\.chatserver"));
    }

    @Test
    void theFleetKeepsNettyOut() throws IOException {
        assertEquals(List.of(), importsMatching(Path.of("dispatcher/src/main/java/gamegrid/dispatcher/fleet"), "import io\\.netty"));
    }

    @Test
    void theBattleRulesStayPlainJavaSoTheyCanBeReplayedWithoutIo() throws IOException {
        Path rules = Path.of("fightserver/src/main/java/gamegrid/fightserver/battle");
        // Neither Netty nor the server classes around the rules (gamegrid.fightserver.SomeClass).
        assertEquals(List.of(), importsMatching(rules, "import io\\.netty", "import gamegrid\\.fightserver\\.[A-Z]"));
    }

    /** Lines {@code file: import ...} of every source file under {@code root} that begin with a match of one of {@code patterns}. */
    private static List<String> importsMatching(Path root, String... patterns) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .flatMap(f -> lines(f).stream().filter(l -> Stream.of(patterns).anyMatch(p -> l.matches(p + ".*"))).map(l -> f + ": " + l))
                    .toList();
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
