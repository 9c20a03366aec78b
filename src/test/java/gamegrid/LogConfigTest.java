package gamegrid;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped {@code config/logback.xml}: standard output by default, a file rolled by size when named. */
class LogConfigTest {
    @TempDir
    Path dir;

    private static LoggerContext configure(Map<String, String> properties) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter()); // what slf4j's binding gives the default context
        properties.forEach(context::putProperty);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(Path.of("config", "logback.xml").toFile());
        return context;
    }

    @Test
    void withoutAFileNameDaemonsLogToStandardOutput() throws Exception {
        LoggerContext context = configure(Map.of());
        assertInstanceOf(ConsoleAppender.class, context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().next());
        context.stop();
    }

    @Test
    void aNamedLogFileRollsBySizeAndStaysUnderItsCap() throws Exception {
        Path file = dir.resolve("fightserver-7000.log");
        LoggerContext context = configure(Map.of("gamegrid.log.file", file.toString(),
                "gamegrid.log.max-file-size", "64KB", "gamegrid.log.total-size-cap", "256KB"));
        Logger logger = context.getLogger("flood");
        assertInstanceOf(RollingFileAppender.class, context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().next());
        String line = "x".repeat(200);
        for (int i = 0; i < 20_000; i++) { // 4 MB of warnings
            logger.warn("flood {} {}", i, line);
        }
        context.stop();
        List<Path> files;
        try (Stream<Path> listed = Files.list(dir)) {
            files = listed.toList();
        }
        long total = 0;
        for (Path f : files) {
            total += Files.size(f);
        }
        assertTrue(files.size() > 1, "rolled: " + files);
        assertTrue(Files.size(file) < 128 * 1024, "the active file stays near max-file-size: " + Files.size(file));
        assertTrue(total < 1024 * 1024, "4 MB logged, " + total + " bytes kept in " + files.size() + " files");
    }
}
