package gamegrid.fightserver;

/** Told of every seat a player takes or gives back on this battle server. Called from any thread. */
public interface SeatListener {
    /** For a battle server that runs without a dispatcher. */
    SeatListener NONE = new SeatListener() {
        @Override
        public void seatTaken() {
        }

        @Override
        public void seatReleased() {
        }
    };

    void seatTaken();

    void seatReleased();
}
