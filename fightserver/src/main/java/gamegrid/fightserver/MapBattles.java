package gamegrid.fightserver;

import gamegrid.protocol.ProtocolException;
import gamegrid.protocol.battle.Event;
import gamegrid.protocol.map.BattleRecord;
import gamegrid.protocol.map.store.Item;
import gamegrid.protocol.map.store.MemcacheClient;
import gamegrid.protocol.map.store.StoreException;
import gamegrid.protocol.ticket.Ticket;
import gamegrid.protocol.ticket.TicketAuthority;
import gamegrid.protocol.ticket.TicketException;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Battles started from a map ({@code pve|TICKET|BATTLE}): checks the ticket, claims the battle record in
 * memcached ({@code pending -> fighting}, by CAS, so a battle is fought once), and writes its outcome
 * ({@code fighting -> win|lose|draw}, by CAS, so it is decided once; see {@code protocol/MAP.md}).
 */
final class MapBattles {
    private static final Logger log = LoggerFactory.getLogger(MapBattles.class);
    private static final int RECORD_TTL_SECONDS = 24 * 3600;

    /** A battle this server claimed: what its outcome write must match. */
    record Claim(String battleId, BattleRecord record, long cas) {
    }

    private final TicketAuthority tickets;
    private final MemcacheClient store;
    private final Clock clock;

    MapBattles(TicketAuthority tickets, MemcacheClient store, Clock clock) {
        this.tickets = tickets;
        this.store = store;
        this.clock = clock;
    }

    /** Claims a map battle for the ticket's player; fails with a reason fit for {@code ERR}. */
    CompletableFuture<Claim> claim(String ticketToken, String battleId) {
        Ticket ticket;
        try {
            ticket = tickets.verify(ticketToken, clock.instant());
        } catch (TicketException e) {
            return CompletableFuture.failedFuture(new BattleRefused(e.getMessage()));
        }
        String key = BattleRecord.key(battleId);
        return store.get(key).thenCompose(item -> {
            BattleRecord record = readable(item).orElseThrow(() -> new BattleRefused("no such battle"));
            if (!record.player().equals(ticket.name())) {
                throw new BattleRefused("not your battle");
            }
            if (record.phase() != BattleRecord.Phase.PENDING || clock.millis() > record.deadlineMillis()) {
                throw new BattleRefused("battle already fought or abandoned");
            }
            BattleRecord fighting = record.in(BattleRecord.Phase.FIGHTING);
            return store.cas(key, fighting.encode(), item.get().cas(), RECORD_TTL_SECONDS).thenApply(write -> {
                if (!write.stored()) {
                    throw new BattleRefused("battle already fought or abandoned");
                }
                log.debug("map battle claimed id={} player={}", battleId, record.player());
                return new Claim(battleId, fighting, write.cas());
            });
        });
    }

    private static Optional<BattleRecord> readable(Optional<Item> item) {
        try {
            return item.isEmpty() ? Optional.empty() : Optional.of(BattleRecord.decode(item.get().value()));
        } catch (ProtocolException e) {
            log.error("unreadable battle record: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Records the hero's outcome once; if the map server abandoned the battle first, its verdict stands.
     * Completes (never exceptionally) once memcached has answered, so the player hears the result only when
     * the map server can already see it.
     */
    CompletableFuture<Void> settle(Claim claim, Event.Outcome outcome) {
        BattleRecord.Phase phase = BattleRecord.Phase.valueOf(outcome.name());
        return store.cas(BattleRecord.key(claim.battleId()), claim.record().in(phase).encode(), claim.cas(), RECORD_TTL_SECONDS)
                .handle((write, error) -> {
                    if (error != null) {
                        log.warn("map battle outcome not recorded id={} outcome={}: {} (the map server abandons it after its deadline)",
                                claim.battleId(), phase.name().toLowerCase(Locale.ROOT), error.getMessage());
                    } else if (!write.stored()) {
                        log.warn("map battle outcome lost the race id={}: already abandoned", claim.battleId());
                    } else {
                        log.debug("map battle settled id={} outcome={}", claim.battleId(), phase);
                    }
                    return null;
                });
    }

    /** The reason a claim failed, fit for {@code ERR}. */
    static String reason(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof BattleRefused refused) {
            return refused.getMessage();
        }
        StoreException store = MemcacheClient.storeFailure(cause);
        return store != null ? store.getMessage() : "battle store failed";
    }

    /** A claim refused: the message goes to the player. */
    static final class BattleRefused extends RuntimeException {
        BattleRefused(String reason) {
            super(reason, null, false, false);
        }
    }
}
