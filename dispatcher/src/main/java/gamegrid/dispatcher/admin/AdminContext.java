package gamegrid.dispatcher.admin;

import gamegrid.dispatcher.fleet.Fleet;
import gamegrid.dispatcher.fleet.LaunchConfig;
import gamegrid.protocol.chat.ServerProof;
import java.util.function.LongSupplier;

/**
 * What the admin port shows and acts on, shared by its connections.
 *
 * @param fleet     the fleet to show and drain
 * @param metrics   the dispatcher's metrics
 * @param events    the last fleet events
 * @param secret    what an operator action must carry
 * @param chatProof opens operator sessions on the chat server, with the world's secret
 * @param launch    where each server's log is
 * @param wallClock milliseconds since the epoch, for the page's clock
 */
record AdminContext(Fleet fleet, DispatcherMetrics metrics, RecentEvents events, OperatorSecret secret,
                    ServerProof chatProof, LaunchConfig launch, LongSupplier wallClock) {

    /** The admin port's view of {@code fleet}: subscribes the metrics and a ring of recent events to its events. */
    static AdminContext of(Fleet fleet, DispatcherMetrics metrics, String worldSecret, LaunchConfig launch) {
        RecentEvents events = new RecentEvents(System::currentTimeMillis);
        fleet.subscribe(metrics);
        fleet.subscribe(events);
        return new AdminContext(fleet, metrics, events, new OperatorSecret(worldSecret),
                new ServerProof(worldSecret), launch, System::currentTimeMillis);
    }
}
