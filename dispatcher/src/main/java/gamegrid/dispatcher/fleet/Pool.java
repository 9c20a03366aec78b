package gamegrid.dispatcher.fleet;

/** One kind of server in the fleet: its settings, its routing table and its crash-loop backoff. */
final class Pool {
    final KindSettings settings;
    final RoutingTable table;
    final Backoff backoff;

    Pool(KindSettings settings, FleetSettings fleet) {
        this.settings = settings;
        long slots = -Math.floorDiv(-settings.reservationTimeout().toNanos(), Fleet.TICK.toNanos()) + 1;
        this.table = new RoutingTable(settings.kind(), settings.maxPlayers(), (int) Math.max(2, slots));
        this.backoff = new Backoff(settings.kind(), fleet.firstBackoff(), fleet.lastBackoff());
    }

    String kind() {
        return settings.kind();
    }
}
