package gamegrid.dispatcher;

import gamegrid.protocol.config.Settings;
import gamegrid.protocol.config.SettingsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the dispatcher: {@code [--config=FILE] [--key=value ...]}, where every key of
 * {@code config/dispatcher.properties} can be overridden.
 */
public final class DispatcherMain {
    private static final Logger log = LoggerFactory.getLogger(DispatcherMain.class);
    private static final Path DEFAULT_CONFIG = Path.of("config", "dispatcher.properties");

    private DispatcherMain() {
    }

    public static void main(String[] args) throws Exception {
        DispatcherConfig config;
        try {
            config = DispatcherConfig.from(Settings.fromCommandLine(args, DEFAULT_CONFIG));
        } catch (SettingsException e) {
            e.problems().forEach(problem -> log.error("bad configuration: {}", problem));
            System.exit(2);
            return;
        }
        DispatcherServer server = new DispatcherServer(config);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(stopFleetRequested(config)), "dispatcher-shutdown"));
        server.awaitReady();
        // The one deliberate stdout line: scripts and supervisors wait for it.
        System.out.println("READY dispatcher " + config.listenHost() + ":" + server.port());
        server.awaitClose();
    }

    /** {@code scripts/dispatcher.sh stop --fleet} leaves this file beside the secret before signalling. */
    private static boolean stopFleetRequested(DispatcherConfig config) {
        Path request = config.secretFile().toAbsolutePath().resolveSibling("stop-fleet.request");
        try {
            return Files.deleteIfExists(request) || config.stopFleetOnExit();
        } catch (java.io.IOException e) {
            return config.stopFleetOnExit();
        }
    }
}
