package gamegrid.chatserver.bot;

import gamegrid.protocol.Fields;
import gamegrid.protocol.ProtocolException;
import gamegrid.protocol.config.Settings;
import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * What a chat bot run does: where it finds the chat server (straight at {@code address}, or by asking the
 * dispatcher there with {@code chat}), how many players, how many messages each sends and how far apart,
 * on how many maps and in teams of what size, and how long it may take at most.
 */
public record ChatBotPlan(InetSocketAddress address, boolean viaDispatcher, int players, int messages, Duration interval,
                          int maps, int teamSize, Duration settle, Duration duration) {
    public static final String USAGE = "usage: bot --mode=chat (--server=HOST:PORT | --dispatcher=HOST:PORT) [--players=20]"
            + " [--messages=8] [--interval=1500ms] [--maps=3] [--team-size=5] [--settle=5s] [--duration=120s]"
            + "   (the world's secret, to mint tickets, in GAMEGRID_WORLD_SECRET)";

    public ChatBotPlan {
        if (players < 2 || messages < 0 || maps < 1 || teamSize < 1) {
            throw new IllegalArgumentException("players >= 2, messages >= 0, maps >= 1, team-size >= 1");
        }
    }

    /** Reads {@code --key=value} arguments, reporting every problem at once in a {@link gamegrid.protocol.config.SettingsException}. */
    public static ChatBotPlan parse(String... args) {
        Settings s;
        try {
            s = Settings.read(Reader.nullReader(), Settings.parseArguments(args));
        } catch (IOException e) {
            throw new IllegalStateException("reading nothing failed", e);
        }
        String mode = s.string("mode", "chat");
        String server = s.string("server", "");
        String dispatcher = s.string("dispatcher", "");
        int players = s.integer("players", 20, 2, 100_000);
        int messages = s.integer("messages", 8, 0, 100_000);
        Duration interval = s.duration("interval", Duration.ofMillis(1500), Duration.ZERO);
        int maps = s.integer("maps", 3, 1, 10_000);
        int teamSize = s.integer("team-size", 5, 1, 10_000);
        Duration settle = s.duration("settle", Duration.ofSeconds(5), Duration.ZERO);
        Duration duration = s.duration("duration", Duration.ofSeconds(120), Duration.ofMillis(1));
        if (!mode.equals("chat")) {
            s.error("mode=" + mode + ": this bot plays chat only");
        }
        if (server.isEmpty() == dispatcher.isEmpty()) {
            s.error("give exactly one of --server=HOST:PORT and --dispatcher=HOST:PORT");
        }
        InetSocketAddress address = InetSocketAddress.createUnresolved("localhost", 1);
        try {
            address = Fields.hostAndPort(server.isEmpty() ? dispatcher : server);
        } catch (ProtocolException e) {
            s.error((server.isEmpty() ? dispatcher : server) + ": " + e.getMessage());
        }
        s.validate();
        return new ChatBotPlan(address, !dispatcher.isEmpty(), players, messages, interval, maps, teamSize, settle, duration);
    }
}
