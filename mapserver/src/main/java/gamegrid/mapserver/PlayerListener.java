package gamegrid.mapserver;

/** Hears players arrive on and leave the maps of this server: the dispatcher link and the chat presence. */
public interface PlayerListener {
    PlayerListener NONE = new PlayerListener() {
        @Override
        public void entered(String name, String map) {
        }

        @Override
        public void left(String name, String map) {
        }
    };

    void entered(String name, String map);

    void left(String name, String map);
}
