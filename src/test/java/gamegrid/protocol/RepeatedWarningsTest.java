package gamegrid.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A peer cannot flood the log: one line per interval, then a count of what was suppressed. */
class RepeatedWarningsTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(RepeatedWarningsTest.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final AtomicLong clock = new AtomicLong();
    private final RepeatedWarnings warnings = new RepeatedWarnings(logger, Duration.ofSeconds(10), 3, clock::get);

    @BeforeEach
    void attach() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(lines);
    }

    @Test
    void onePeerGetsOneLinePerIntervalAndTheNextSaysHowManyWereSuppressed() {
        for (int i = 0; i < 1000; i++) {
            warnings.warn("10.0.0.9", "wrong secret from {}", "10.0.0.9");
        }
        assertEquals(1, lines.list.size());
        clock.addAndGet(Duration.ofSeconds(10).toNanos());
        warnings.warn("10.0.0.9", "wrong secret from {}", "10.0.0.9");
        assertEquals(2, lines.list.size());
        assertEquals("wrong secret from 10.0.0.9 (999 more like it from this peer suppressed)",
                lines.list.get(1).getFormattedMessage());
        assertEquals(999, warnings.suppressed());
    }

    @Test
    void manyPeersShareACapPerInterval() {
        for (int peer = 0; peer < 100; peer++) {
            warnings.warn(peer, "from {}", peer);
        }
        assertEquals(3, lines.list.size());
        assertEquals(97, warnings.suppressed());
    }

    @Test
    void aThrowableStaysLastSoItsStackTraceIsLogged() {
        warnings.warn("p", "failed for {}", "p", new IllegalStateException("boom"));
        warnings.warn("p", "failed for {}", "p", new IllegalStateException("boom"));
        clock.addAndGet(Duration.ofSeconds(11).toNanos());
        warnings.warn("p", "failed for {}", "p", new IllegalStateException("boom"));
        ILoggingEvent last = lines.list.get(1);
        assertEquals("failed for p (1 more like it from this peer suppressed)", last.getFormattedMessage());
        assertEquals("boom", last.getThrowableProxy().getMessage());
    }
}
