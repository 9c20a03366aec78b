package gamegrid.chatserver.bot;

import gamegrid.protocol.Fields;
import gamegrid.protocol.ProtocolException;
import gamegrid.protocol.chat.ChatCodec;
import gamegrid.protocol.chat.ChatCommand;
import gamegrid.protocol.chat.ChatEvent;
import gamegrid.protocol.chat.ChatNames;
import gamegrid.protocol.chat.PresenceLink;
import gamegrid.protocol.ticket.TicketAuthority;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a {@link ChatBotPlan}: players log in, each on a map (placed there through a presence link, as a map
 * server would) and in a team channel, some blocking another; then each sends its messages in turn on the
 * world, its map, its team and privately to another bot. Afterwards every bot's deliveries are checked
 * against what it should have received: each once, in order per channel, and nothing else.
 */
public final class ChatBotRun {
    private static final int ERROR_SAMPLES = 10;
    private static final String[] KINDS = {ChatNames.WORLD, ChatNames.MAP, "team", "tell"};

    private final ChatBotPlan plan;
    private final String secret;
    private final String run = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
    private final List<Bot> bots = new ArrayList<>();
    private final Map<String, Bot> byName = new HashMap<>();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    private final AtomicLong expected = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();

    /** A delivery as a bot saw it: the channel ({@code @NAME} for its private messages), the id, the sender, when. */
    private record Received(String channel, long id, String from, long atNanos, long sentNanos) {
    }

    private final class Bot {
        final String name;
        final String map;
        final String team;
        final Set<String> blocks = new HashSet<>();
        final Set<String> expectedKeys = Collections.synchronizedSet(new HashSet<>());
        final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
        ChatConnection connection;

        Bot(int index) {
            name = "b" + run + "x" + index;
            map = "m" + run + "-" + index % plan.maps();
            team = "#t" + run + "-" + index / plan.teamSize();
        }

        void hear(ChatEvent event) {
            if (event instanceof ChatEvent.Message m && byName.containsKey(m.from())) {
                received.add(new Received(m.channel(), m.id(), m.from(), System.nanoTime(), sentNanos(m.text())));
                delivered.incrementAndGet();
            } else if (event instanceof ChatEvent.Whisper w && byName.containsKey(w.from())) {
                received.add(new Received("@" + name, w.id(), w.from(), System.nanoTime(), sentNanos(w.text())));
                delivered.incrementAndGet();
            } else if (event instanceof ChatEvent.Err err) {
                error(name + " was told: " + err.reason());
            }
        }

        boolean blocks(Bot other) {
            return blocks.contains(other.name);
        }
    }

    private ChatBotRun(ChatBotPlan plan, String secret) {
        this.plan = plan;
        this.secret = secret;
    }

    public static ChatRunReport run(ChatBotPlan plan, String worldSecret) throws InterruptedException {
        return new ChatBotRun(plan, worldSecret).run();
    }

    private ChatRunReport run() throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + plan.duration().toNanos();
        EventLoopGroup group = new NioEventLoopGroup(0, new DefaultThreadFactory("chat-bot"));
        PresenceLink presence = null;
        try {
            InetSocketAddress server = plan.viaDispatcher() ? askDispatcher(plan.address()) : plan.address();
            for (int i = 0; i < plan.players(); i++) {
                Bot bot = new Bot(i);
                bots.add(bot);
                byName.put(bot.name, bot);
            }
            for (int i = 9; i < bots.size(); i += 10) {
                bots.get(i).blocks.add(bots.get(i - 1).name);
            }
            presence = new PresenceLink(server.getHostString(), server.getPort(), secret);
            presence.start();
            for (Bot bot : bots) {
                presence.enter(bot.name, bot.map);
            }
            setUp(group, server, deadline);
            talk(group, deadline);
            settle(deadline);
        } catch (IOException | RuntimeException e) {
            error("run stopped: " + e);
        } finally {
            if (presence != null) {
                presence.stop();
            }
            bots.stream().filter(b -> b.connection != null).forEach(b -> b.connection.close());
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        return check(Duration.ofNanos(System.nanoTime() - start));
    }

    private void setUp(EventLoopGroup group, InetSocketAddress server, long deadline) throws InterruptedException {
        TicketAuthority tickets = new TicketAuthority(secret);
        List<CompletableFuture<?>> steps = new ArrayList<>();
        for (Bot bot : bots) {
            steps.add(ChatConnection.open(group, server, bot::hear).thenCompose(connection -> {
                bot.connection = connection;
                return expectOk(bot, new ChatCommand.Login(tickets.mint(bot.name, Instant.now(), Duration.ofHours(1)).token()));
            }).thenCompose(ok -> expectOk(bot, new ChatCommand.Join(bot.team)))
                    .thenCompose(ok -> bot.blocks.isEmpty() ? CompletableFuture.completedFuture(null)
                            : expectOk(bot, new ChatCommand.Block(bot.blocks.iterator().next()))));
        }
        await(CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new)), deadline);
        // The map servers' word reaches the chat server on its own link: wait until it shows.
        Bot asker = bots.get(0);
        for (Bot bot : bots) {
            while (true) {
                ChatEvent who = await(asker.connection.ask(new ChatCommand.Who(bot.name)), deadline);
                if (who.equals(new ChatEvent.Ok("who", bot.name, "online", bot.map))) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(bot.name + " never showed on its map: " + who);
                }
                Thread.sleep(20);
            }
        }
    }

    private CompletableFuture<ChatEvent> expectOk(Bot bot, ChatCommand command) {
        return bot.connection.ask(command).thenApply(answer -> {
            if (!(answer instanceof ChatEvent.Ok)) {
                throw new IllegalStateException(bot.name + ": " + ChatCodec.formatCommand(command) + " -> " + answer);
            }
            return answer;
        });
    }

    /** Each bot sends its messages {@code interval} apart, the bots spread over the interval. */
    private void talk(EventLoopGroup group, long deadline) throws InterruptedException {
        List<CompletableFuture<?>> sends = new ArrayList<>();
        long intervalNanos = plan.interval().toNanos();
        for (int i = 0; i < bots.size(); i++) {
            Bot bot = bots.get(i);
            for (int k = 0; k < plan.messages(); k++) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                sends.add(done);
                int index = i;
                int seq = k;
                long delay = seq * intervalNanos + intervalNanos * index / bots.size();
                group.schedule(() -> send(bot, index, seq).whenComplete((ok, e) -> done.complete(null)), delay, TimeUnit.NANOSECONDS);
            }
        }
        await(CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)), deadline);
    }

    private CompletableFuture<Void> send(Bot bot, int index, int seq) {
        String kind = KINDS[(index + seq) % KINDS.length];
        String text = "n" + seq + "@" + System.nanoTime();
        List<Bot> recipients = new ArrayList<>();
        ChatCommand command;
        if (kind.equals("tell")) {
            Bot to = bots.get((index + 1 + seq) % bots.size());
            for (int step = 2; to == bot || to.blocks(bot); step++) {
                to = bots.get((index + step + seq) % bots.size());
            }
            recipients.add(to);
            command = new ChatCommand.Tell(to.name, text);
        } else {
            for (Bot other : bots) {
                boolean hears = kind.equals(ChatNames.WORLD) || kind.equals(ChatNames.MAP) && other.map.equals(bot.map)
                        || kind.equals("team") && other.team.equals(bot.team);
                if (hears && !other.blocks(bot)) {
                    recipients.add(other);
                }
            }
            command = new ChatCommand.Say(kind.equals("team") ? bot.team : kind, text);
        }
        return bot.connection.ask(command).thenAccept(answer -> {
            if (!(answer instanceof ChatEvent.Ok ok)) {
                error(bot.name + ": " + ChatCodec.formatCommand(command) + " -> " + answer);
                return;
            }
            sent.incrementAndGet();
            // OK|say|CHANNEL|ID or OK|tell|NAME|ID|online: the key each recipient will see it under.
            String channel = ok.verb().equals("tell") ? "@" + ok.fields().get(0) : ok.fields().get(0);
            String key = channel + "#" + ok.fields().get(1);
            for (Bot recipient : recipients) {
                recipient.expectedKeys.add(key);
            }
            expected.addAndGet(recipients.size());
        });
    }

    private void settle(long deadline) throws InterruptedException {
        long settleEnd = Math.min(deadline, System.nanoTime() + plan.settle().toNanos());
        while (delivered.get() < expected.get() && System.nanoTime() < settleEnd) {
            Thread.sleep(10);
        }
    }

    private ChatRunReport check(Duration elapsed) {
        long missing = 0;
        long duplicates = 0;
        long outOfOrder = 0;
        long unexpected = 0;
        List<Long> latencies = new ArrayList<>();
        for (Bot bot : bots) {
            Set<String> seen = new HashSet<>();
            Map<String, Long> lastId = new HashMap<>();
            for (Received r : bot.received) {
                String key = r.channel() + "#" + r.id();
                latencies.add(r.atNanos() - r.sentNanos());
                if (!seen.add(key)) {
                    duplicates++;
                    error(bot.name + " got " + key + " twice");
                    continue;
                }
                if (!bot.expectedKeys.contains(key)) {
                    unexpected++;
                    error(bot.name + " got " + key + " from " + r.from() + ", which it should not have");
                }
                Long last = lastId.put(r.channel(), r.id());
                if (last != null && last > r.id()) {
                    outOfOrder++;
                    error(bot.name + " got " + key + " after id " + last);
                }
            }
            for (String key : bot.expectedKeys) {
                if (!seen.contains(key)) {
                    missing++;
                    error(bot.name + " never got " + key);
                }
            }
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        List<String> samples = errors.stream().limit(ERROR_SAMPLES).toList();
        return new ChatRunReport(bots.size(), (int) sent.get(), expected.get(), delivered.get(), missing, duplicates,
                outOfOrder, unexpected, errors.size(), samples, elapsed, percentileMicros(sorted, 0.50), percentileMicros(sorted, 0.99));
    }

    private void error(String error) {
        errors.add(error);
    }

    private static long sentNanos(String text) {
        int at = text.indexOf('@');
        try {
            return at < 0 ? 0 : Long.parseLong(text.substring(at + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long percentileMicros(long[] sorted, double fraction) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] / 1_000;
    }

    private static <T> T await(CompletableFuture<T> future, long deadline) throws InterruptedException {
        try {
            return future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("out of time (--duration)");
        }
    }

    /** Asks the dispatcher where the chat server is: {@code chat} answered by {@code HOST:PORT}. */
    static InetSocketAddress askDispatcher(InetSocketAddress dispatcher) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(dispatcher.getHostString(), dispatcher.getPort()), 5_000);
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write("chat\n".getBytes(StandardCharsets.US_ASCII));
            String answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
            try {
                return Fields.hostAndPort(answer == null ? "" : answer);
            } catch (ProtocolException e) {
                throw new IOException("dispatcher answered chat with " + answer);
            }
        }
    }
}
