package gamegrid.protocol.map.store;

/** memcached could not be asked or did not answer in time; the message is fit for an {@code ERR} reply. */
public final class StoreException extends Exception {
    public StoreException(String message) {
        super(message, null, false, false);
    }
}
