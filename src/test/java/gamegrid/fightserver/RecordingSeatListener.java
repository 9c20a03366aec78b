package gamegrid.fightserver;

import java.time.Duration;

/** A seat listener that only counts, so tests can hold the server's seat accounting to account. */
final class RecordingSeatListener implements SeatListener {
    private int taken;
    private int released;

    @Override
    public synchronized void seatTaken() {
        taken++;
        notifyAll();
    }

    @Override
    public synchronized void seatReleased() {
        released++;
        notifyAll();
    }

    synchronized int taken() {
        return taken;
    }

    synchronized int released() {
        return released;
    }

    /** Seats taken and not yet released, as the listener heard it. */
    synchronized int held() {
        return taken - released;
    }

    /** Waits, at most {@code timeout}, until exactly {@code expected} seats are held; returns whether they are. */
    synchronized boolean awaitHeld(int expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long left = timeout.toNanos();
        while (held() != expected && left > 0) {
            wait(Math.max(1, left / 1_000_000));
            left = deadline - System.nanoTime();
        }
        return held() == expected;
    }
}
