package gamegrid.dispatcher;

import gamegrid.protocol.config.Settings;
import gamegrid.protocol.config.SettingsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    private static final String USAGE = """
            usage: java -jar gamegrid.jar [--config=FILE] [--key=value ...] [--check-config]
              Starts the gamegrid dispatcher; it prints READY dispatcher HOST:PORT once a player can be served.
              --config=FILE   settings file (default config/dispatcher.properties); every key is explained there
              --key=value     overrides one setting, e.g. --listen.port=6001 --admin.port=0
              --check-config  reads the settings, reports every bad one at once, starts nothing;
                              exit 0 when they are good, 2 when not
              --help          this text
            """;

    public static void main(String[] args) throws Exception {
        if (Settings.helpRequested(args, USAGE)) {
            return;
        }
        List<String> arguments = new ArrayList<>(List.of(args));
        boolean checkOnly = arguments.remove("--check-config");
        DispatcherConfig config;
        try {
            config = DispatcherConfig.from(Settings.fromCommandLine(arguments.toArray(String[]::new), DEFAULT_CONFIG));
        } catch (IOException e) {
            log.error("bad configuration: cannot read the settings file: {}", e.getMessage());
            System.exit(2);
            return;
        } catch (SettingsException e) {
            e.problems().forEach(problem -> log.error("bad configuration: {}", problem));
            System.exit(2);
            return;
        }
        if (checkOnly) {
            System.out.println("configuration OK");
            return;
        }
        DispatcherServer server = new DispatcherServer(config);
        try {
            server.start();
        } catch (StartupException e) {
            log.error("cannot start: {}", e.getMessage());
            System.exit(1);
            return;
        }
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
        } catch (IOException e) {
            return config.stopFleetOnExit();
        }
    }
}
