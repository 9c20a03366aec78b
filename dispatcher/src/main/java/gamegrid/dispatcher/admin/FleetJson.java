package gamegrid.dispatcher.admin;

import gamegrid.dispatcher.fleet.FleetEvent;
import gamegrid.dispatcher.fleet.FleetView;
import gamegrid.dispatcher.fleet.LaunchConfig;
import gamegrid.protocol.dispatch.Request;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The fleet as {@code /api/fleet} shows it to the status page: kinds, servers, maps, chat, recent events. */
final class FleetJson {
    private FleetJson() {
    }

    /**
     * @param notReady why the dispatcher cannot serve a player at once, or null when it can
     * @param launch   where each server's log file is
     */
    static String of(FleetView view, String notReady, List<RecentEvents.Entry> events, LaunchConfig launch, long nowMillis) {
        JsonWriter json = new JsonWriter().beginObject()
                .name("time").value(nowMillis)
                .name("ready").value(notReady == null)
                .name("notReady").value(notReady);
        json.name("kinds").beginArray();
        for (FleetView.KindView k : view.kinds()) {
            json.beginObject().name("kind").value(k.kind()).name("servers").value(k.servers()).name("ready").value(k.ready())
                    .name("players").value(k.players()).name("reserved").value(k.reserved())
                    .name("failures").value(k.failures()).name("backoffMillis").value(k.backoffMillis())
                    .name("cause").value(k.cause()).endObject();
        }
        json.endArray().name("servers").beginArray();
        Map<String, Map<Integer, Integer>> maps = new TreeMap<>();
        for (FleetView.ServerView s : view.servers()) {
            json.beginObject().name("kind").value(s.kind()).name("host").value(s.host()).name("port").value(s.port())
                    .name("state").value(s.state().name()).name("players").value(s.players())
                    .name("reserved").value(s.reserved()).name("uptimeSeconds").value(s.uptimeSeconds())
                    .name("pid").value(s.pid()).name("launched").value(s.launched())
                    // Only a server launched here writes its log on this machine.
                    .name("log").value(s.launched() ? launch.logFile(s.kind(), s.port()).toString() : null)
                    .name("routes").beginObject();
            s.routes().forEach((map, players) -> json.name(map).value(players));
            json.endObject().endObject();
            s.routes().forEach((map, players) -> maps.computeIfAbsent(map, m -> new TreeMap<>()).put(s.port(), players));
        }
        json.endArray().name("maps").beginArray();
        maps.forEach((map, instances) -> {
            json.beginObject().name("map").value(map)
                    .name("players").value(instances.values().stream().mapToInt(Integer::intValue).sum())
                    .name("instances").beginArray();
            instances.forEach((port, players) -> json.beginObject().name("port").value(port).name("players").value(players).endObject());
            json.endArray().endObject();
        });
        json.endArray().name("chatOnline");
        // The chat server reports each player online as one seat taken; no chat kind, no count.
        view.kinds().stream().filter(k -> k.kind().equals(Request.CHAT)).findFirst()
                .ifPresentOrElse(k -> json.value(k.players()), () -> json.value((String) null));
        json.name("events").beginArray();
        for (RecentEvents.Entry entry : events) {
            FleetEvent e = entry.event();
            json.beginObject().name("time").value(entry.epochMillis()).name("type").value(e.type().name())
                    .name("kind").value(e.kind()).name("port").value(e.port()).name("pid").value(e.pid())
                    .name("millis").value(e.millis()).name("detail").value(e.detail()).endObject();
        }
        return json.endArray().endObject().toString();
    }
}
