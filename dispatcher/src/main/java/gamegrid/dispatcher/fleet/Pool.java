package gamegrid.dispatcher.fleet;

/** One kind of server in the fleet: its config, its routing table and its crash-loop backoff. */
final class Pool {
    final KindConfig config;
    final RoutingTable table;
    final Backoff backoff;
    /** Launches in a row whose port another program took first; owned by the fleet's thread. */
    int portsTakenInARow;

    Pool(KindConfig config, FleetConfig fleet) {
        this.config = config;
        long slots = -Math.floorDiv(-config.reservationTimeout().toNanos(), Fleet.TICK.toNanos()) + 1;
        this.table = new RoutingTable(config.kind(), config.maxPlayers(), (int) Math.max(2, slots));
        this.backoff = new Backoff(config.kind(), fleet.firstBackoff(), fleet.lastBackoff());
    }

    String kind() {
        return config.kind();
    }
}
