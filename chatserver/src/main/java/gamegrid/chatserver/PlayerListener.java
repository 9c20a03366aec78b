package gamegrid.chatserver;

/** Hears players log in and out, on the hub's thread: the dispatcher link turns these into {@code add}/{@code del}. */
public interface PlayerListener {
    PlayerListener NONE = new PlayerListener() {
        @Override
        public void playerAdded() {
        }

        @Override
        public void playerRemoved() {
        }
    };

    void playerAdded();

    void playerRemoved();
}
