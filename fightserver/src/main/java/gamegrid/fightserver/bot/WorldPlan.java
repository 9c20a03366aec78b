package gamegrid.fightserver.bot;

import gamegrid.protocol.Fields;
import gamegrid.protocol.ProtocolException;
import gamegrid.protocol.config.Settings;
import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What a world bot run does ({@code --mode=world}): how many bots walk the world found through the dispatcher
 * at {@code dispatcher} ({@code map|MAPID} for map servers, {@code get} for battles), for how long, how fast
 * (the map servers' speed limit), with tickets minted from the world's secret, reading the maps in {@code mapDir}.
 */
public record WorldPlan(InetSocketAddress dispatcher, int bots, Duration duration, Duration moveInterval,
                        String worldSecret, Path mapDir, String startMap) {
    public static final String USAGE = "usage: bot --mode=world --dispatcher=HOST:PORT [--bots=N] [--duration=30s]"
            + " [--move-interval=110ms] [--secret-file=run/dispatcher.secret] [--map-dir=config/maps] [--start-map=town]";

    public WorldPlan {
        Objects.requireNonNull(dispatcher, "dispatcher");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(moveInterval, "moveInterval");
        Objects.requireNonNull(worldSecret, "worldSecret");
        Objects.requireNonNull(mapDir, "mapDir");
        Objects.requireNonNull(startMap, "startMap");
        if (bots < 1 || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("bots and duration must be positive");
        }
    }

    /** Reads {@code --key=value} arguments ({@code --mode=world} among them), reporting every problem at once. */
    public static WorldPlan parse(String... args) {
        Settings settings;
        try {
            settings = Settings.read(Reader.nullReader(), Settings.parseArguments(args));
        } catch (IOException e) {
            throw new IllegalStateException("reading nothing failed", e);
        }
        settings.string("mode", "world");
        String dispatcherText = settings.string("dispatcher", "");
        int bots = settings.integer("bots", 10, 1, 100_000);
        Duration duration = settings.duration("duration", Duration.ofSeconds(30), Duration.ofMillis(1));
        Duration moveInterval = settings.duration("move-interval", Duration.ofMillis(110), Duration.ZERO);
        Path secretFile = settings.path("secret-file", "run/dispatcher.secret");
        Path mapDir = settings.path("map-dir", "config/maps");
        String startMap = settings.string("start-map", "town");
        InetSocketAddress dispatcher = InetSocketAddress.createUnresolved("localhost", 1);
        try {
            dispatcher = Fields.hostAndPort(dispatcherText);
        } catch (ProtocolException e) {
            settings.error("dispatcher=" + dispatcherText + ": " + e.getMessage() + " (world bots find maps and battles there)");
        }
        String secret = "";
        try {
            secret = Files.readString(secretFile).strip();
        } catch (IOException e) {
            settings.error("secret-file=" + secretFile + ": cannot read the world's secret (" + e.getMessage() + ")");
        }
        settings.validate();
        return new WorldPlan(dispatcher, bots, duration, moveInterval, secret, mapDir, startMap);
    }
}
