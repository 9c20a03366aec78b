package gamegrid.fightserver;

/** Told of every seat a player takes or gives back on this battle server. Called from any thread. */
public interface SeatListener {
    void seatTaken();

    void seatReleased();
}
