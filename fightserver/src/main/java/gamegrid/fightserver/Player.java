package gamegrid.fightserver;

import gamegrid.protocol.Hangup;
import gamegrid.protocol.battle.Event;
import io.netty.channel.Channel;
import java.util.List;

/**
 * One connection as lobby and battles see it: where its events go, the seat it holds, and the battle it
 * fights in. Its connection's event loop sets the seat, a battle's event loop sets the membership; both
 * are read from other loops, hence volatile.
 */
final class Player {
    /** The battle a player fights in and the fighter it orders there. */
    record Membership(BattleRoom room, int fighter) {
    }

    private final Channel channel;
    private volatile Seats.Seat seat;
    private volatile Membership membership;

    Player(Channel channel) {
        this.channel = channel;
    }

    Channel channel() {
        return channel;
    }

    void send(Event event) {
        channel.writeAndFlush(event);
    }

    void sendAll(List<? extends Event> events) {
        for (Event event : events) {
            channel.write(event);
        }
        channel.flush();
    }

    /** Sends {@code ERR reason} and closes the connection, without waiting on a player who does not read. */
    void refuse(String reason) {
        Hangup.after(channel, new Event.Err(reason));
    }

    boolean holdsSeat() {
        Seats.Seat current = seat;
        return current != null && !current.isReleased();
    }

    Seats.Seat seat() {
        return seat;
    }

    void seated(Seats.Seat newSeat) {
        seat = newSeat;
    }

    void releaseSeat() {
        Seats.Seat current = seat;
        if (current != null) {
            current.release();
        }
    }

    Membership membership() {
        return membership;
    }

    void joined(BattleRoom room, int fighter) {
        membership = new Membership(room, fighter);
    }

    void left() {
        membership = null;
    }
}
