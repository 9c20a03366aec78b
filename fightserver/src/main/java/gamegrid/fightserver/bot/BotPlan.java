package gamegrid.fightserver.bot;

import gamegrid.protocol.Fields;
import gamegrid.protocol.ProtocolException;
import gamegrid.protocol.battle.Event;
import gamegrid.protocol.config.Settings;
import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * What a bot run does: where it finds battle servers (straight at {@code address}, or by asking the
 * dispatcher there), which battles it plays, how many at a time, how many in all, and for how long at most.
 * In PvP a battle is a pair of bots that meet in a room of their own.
 */
public record BotPlan(InetSocketAddress address, boolean viaDispatcher, Event.Mode mode,
                      int concurrency, int battles, Duration duration, Duration think) {
    public static final String USAGE = "usage: bot (--server=HOST:PORT | --dispatcher=HOST:PORT) [--mode=pve|pvp]"
            + " [--concurrency=N] [--battles=M] [--duration=60s] [--think=0ms]";

    public BotPlan {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(think, "think");
        if (think.isNegative()) {
            throw new IllegalArgumentException("think must not be negative");
        }
        if (concurrency < 1 || battles < 1 || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("concurrency, battles and duration must be positive");
        }
    }

    /** Bots that answer each round at once. */
    public BotPlan(InetSocketAddress address, boolean viaDispatcher, Event.Mode mode, int concurrency, int battles,
                   Duration duration) {
        this(address, viaDispatcher, mode, concurrency, battles, duration, Duration.ZERO);
    }

    /** Reads {@code --key=value} arguments, reporting every problem at once in a {@link gamegrid.protocol.config.SettingsException}. */
    public static BotPlan parse(String... args) {
        Settings settings;
        try {
            settings = Settings.read(Reader.nullReader(), Settings.parseArguments(args));
        } catch (IOException e) {
            throw new IllegalStateException("reading nothing failed", e); // the null reader cannot fail
        }
        String server = settings.string("server", "");
        String dispatcher = settings.string("dispatcher", "");
        String mode = settings.string("mode", "pve");
        int concurrency = settings.integer("concurrency", 1, 1, 100_000);
        int battles = settings.integer("battles", 1, 1, 100_000_000);
        Duration duration = settings.duration("duration", Duration.ofSeconds(60), Duration.ofMillis(1));
        Duration think = settings.duration("think", Duration.ZERO, Duration.ZERO);
        if (server.isEmpty() == dispatcher.isEmpty()) {
            settings.error("give exactly one of --server=HOST:PORT and --dispatcher=HOST:PORT");
        }
        InetSocketAddress address = endpoint(settings, server.isEmpty() ? dispatcher : server);
        if (!mode.equals("pve") && !mode.equals("pvp")) {
            settings.error("mode=" + mode + ": expected pve or pvp");
        }
        settings.validate();
        return new BotPlan(address, !dispatcher.isEmpty(), Event.Mode.valueOf(mode.toUpperCase(Locale.ROOT)),
                concurrency, battles, duration, think);
    }

    private static InetSocketAddress endpoint(Settings settings, String text) {
        int colon = text.lastIndexOf(':');
        try {
            if (colon < 1) {
                throw new ProtocolException("expected HOST:PORT");
            }
            return InetSocketAddress.createUnresolved(text.substring(0, colon), Fields.port(text.substring(colon + 1)));
        } catch (ProtocolException e) {
            if (!text.isEmpty()) {
                settings.error(text + ": " + e.getMessage());
            }
            return InetSocketAddress.createUnresolved("localhost", 1); // stands in until validate() reports the error
        }
    }
}
