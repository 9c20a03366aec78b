package gamegrid.protocol.ticket;

/** A ticket that is malformed, forged or expired; the message is fit for an {@code ERR} reply. */
public final class TicketException extends Exception {
    public TicketException(String message) {
        super(message);
    }
}
