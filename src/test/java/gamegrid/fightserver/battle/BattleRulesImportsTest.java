package gamegrid.fightserver.battle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The battle rules stay plain Java, so they can be replayed and tested without any I/O. */
class BattleRulesImportsTest {
    private static final Path RULES = Path.of("fightserver/src/main/java/gamegrid/fightserver/battle");

    @Test
    void theBattleRulesImportNeitherNettyNorTheServer() throws IOException {
        List<String> offending;
        try (Stream<Path> files = Files.list(RULES)) {
            List<Path> sources = files.filter(p -> p.toString().endsWith(".java")).toList();
            assertTrue(sources.size() >= 5, "found the sources: " + sources);
            offending = sources.stream().flatMap(BattleRulesImportsTest::imports)
                    .filter(line -> line.contains("import io.netty") || line.matches(".*import gamegrid\\.fightserver\\.[A-Z].*"))
                    .toList();
        }
        assertEquals(List.of(), offending);
    }

    private static Stream<String> imports(Path source) {
        try {
            return Files.readAllLines(source).stream().filter(line -> line.startsWith("import "))
                    .map(line -> source.getFileName() + ": " + line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
