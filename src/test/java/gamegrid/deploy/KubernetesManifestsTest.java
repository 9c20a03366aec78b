package gamegrid.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import gamegrid.chatserver.ChatServerConfig;
import gamegrid.dispatcher.DispatcherConfig;
import gamegrid.dispatcher.fleet.KindConfig;
import gamegrid.fightserver.BattleServerConfig;
import gamegrid.mapserver.MapServerConfig;
import gamegrid.protocol.config.Settings;
import gamegrid.protocol.ticket.TicketAuthority;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The manifests in {@code deploy/k8s} refer to each other by name, port and label; no schema or dry-run tool
 * for Agones resources installs from the registries here, so this test reads them and checks every reference:
 * Services select a workload and target one of its ports, addresses in arguments are Services with those
 * ports, secrets and config files exist, the dispatcher launches nothing, and each FleetAutoscaler scales a
 * Fleet with the buffer the dispatcher keeps warm.
 */
class KubernetesManifestsTest {
    private static final Path DIR = Path.of("deploy/k8s");
    private static final String NAMESPACE = "gamegrid";
    private static final String WORLD_SECRET = "gamegrid-world";

    private static List<Map<String, Object>> objects;

    @BeforeAll
    static void read() throws IOException {
        objects = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (Reader reader = Files.newBufferedReader(file)) {
                    for (Object document : new Yaml().loadAll(reader)) {
                        if (document != null) {
                            objects.add(map(document));
                        }
                    }
                }
            }
        }
        assertFalse(objects.isEmpty(), "no manifests in " + DIR);
    }

    @Test
    void everyObjectHasAKindANameAndTheWorldsNamespace() {
        for (Map<String, Object> object : objects) {
            assertNotNull(object.get("apiVersion"), () -> "no apiVersion: " + object);
            assertNotNull(object.get("kind"), () -> "no kind: " + object);
            String name = string(object, "metadata", "name");
            assertTrue(name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"), name);
            if (!kind(object).equals("Namespace")) {
                assertEquals(NAMESPACE, string(object, "metadata", "namespace"), name);
            }
        }
        assertEquals(1, named("Namespace", NAMESPACE).size());
    }

    @Test
    void everyServiceSelectsOneWorkloadAndTargetsANamedPortOfItsContainer() {
        for (Map<String, Object> service : ofKind("Service")) {
            Map<String, Object> selector = map(get(service, "spec", "selector"));
            List<Map<String, Object>> selected = ofKind("Deployment").stream()
                    .filter(d -> map(get(d, "spec", "template", "metadata", "labels")).entrySet().containsAll(selector.entrySet()))
                    .toList();
            assertEquals(1, selected.size(), () -> "service " + name(service) + " selects " + selected.size() + " workloads");
            Map<String, Object> deployment = selected.get(0);
            assertEquals(selector, get(deployment, "spec", "selector", "matchLabels"), name(deployment));
            List<Map<String, Object>> containerPorts = podContainers(deployment).stream()
                    .flatMap(c -> list(c.get("ports")).stream()).map(KubernetesManifestsTest::map).toList();
            for (Object p : list(get(service, "spec", "ports"))) {
                Map<String, Object> port = map(p);
                assertTrue(containerPorts.stream().anyMatch(c -> c.get("name").equals(port.get("targetPort"))
                                && c.get("protocol").equals(port.get("protocol"))),
                        () -> "service " + name(service) + " targets " + port.get("targetPort") + ", not a port of " + name(deployment));
            }
        }
    }

    @Test
    void everyAddressAContainerIsGivenIsAServiceAndOneOfItsPorts() {
        int checked = 0;
        for (Map<String, Object> container : allContainers()) {
            for (String arg : args(container)) {
                if (arg.startsWith("--dispatcher=") || arg.startsWith("--memcached=")) {
                    String address = arg.substring(arg.indexOf('=') + 1);
                    String host = address.substring(0, address.lastIndexOf(':'));
                    int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
                    List<Map<String, Object>> services = named("Service", host);
                    assertEquals(1, services.size(), () -> arg + " names no service");
                    assertTrue(list(get(services.get(0), "spec", "ports")).stream().anyMatch(p -> map(p).get("port").equals(port)),
                            () -> arg + ": service " + host + " has no port " + port);
                    checked++;
                }
            }
        }
        assertTrue(checked >= 5, "dispatcher and memcached addresses of battle, map and chat servers: " + checked);
    }

    @Test
    void everyServerOfTheWorldRegistersWithTheOneWorldSecret() {
        List<Map<String, Object>> servers = allContainers().stream()
                .filter(c -> args(c).stream().anyMatch(a -> a.startsWith("--dispatcher="))).toList();
        assertEquals(3, servers.size(), "battle, map and chat servers");
        for (Map<String, Object> server : servers) {
            Map<String, Object> env = list(server.get("env")).stream().map(KubernetesManifestsTest::map)
                    .filter(e -> e.get("name").equals("GAMEGRID_WORLD_SECRET")).findFirst()
                    .orElseThrow(() -> new AssertionError(server.get("name") + " has no GAMEGRID_WORLD_SECRET"));
            assertEquals(Map.of("name", WORLD_SECRET, "key", "world-secret"), get(env, "valueFrom", "secretKeyRef"));
        }
        Map<String, Object> secretVolume = podVolumes(dispatcher()).stream().filter(v -> v.containsKey("secret")).findFirst().orElseThrow();
        assertEquals(WORLD_SECRET, get(secretVolume, "secret", "secretName"));
        assertEquals("/etc/gamegrid/secret/world-secret", dispatcherSettings().getProperty("security.secret-file"));
        assertEquals("/etc/gamegrid/secret", mountPath(dispatcher(), (String) secretVolume.get("name")));
    }

    @Test
    void everyConfigFileAContainerReadsIsInTheImageOrMountedFromAConfigMap() throws IOException {
        for (Map<String, Object> workload : workloads()) {
            for (Map<String, Object> container : podContainers(workload)) {
                for (String arg : args(container)) {
                    if (!arg.startsWith("--config=")) {
                        continue;
                    }
                    Path file = Path.of(arg.substring("--config=".length()));
                    if (!file.isAbsolute()) {
                        assertTrue(Files.isRegularFile(file), () -> arg + " is not in the image (COPY config config)");
                        continue;
                    }
                    Map<String, Object> volume = podVolumes(workload).stream()
                            .filter(v -> file.getParent().toString().equals(mountPath(workload, (String) v.get("name"))))
                            .findFirst().orElseThrow(() -> new AssertionError(arg + " is not under a mounted volume"));
                    String configMap = (String) get(volume, "configMap", "name");
                    assertNotNull(configMap, () -> arg + " is not mounted from a ConfigMap");
                    assertNotNull(data(configMap).get(file.getFileName().toString()), () -> configMap + " has no " + file.getFileName());
                }
            }
        }
    }

    @Test
    void theDispatcherLaunchesNothingAndListensOnItsContainerPort() {
        Properties settings = dispatcherSettings();
        for (String kind : List.of("fleet", "map", "chat")) {
            assertEquals("false", settings.getProperty(kind + ".launch-local"), kind);
        }
        assertEquals("0.0.0.0", settings.getProperty("listen.host"));
        assertEquals(Integer.parseInt(settings.getProperty("listen.port")), containerPort(dispatcher(), "dispatch"));
        assertEquals("Recreate", get(dispatcher(), "spec", "strategy", "type"), "never two dispatchers for one world");
    }

    @Test
    void eachFleetAutoscalerBuffersAsManyServersAsTheDispatcherKeepsWarm() {
        Map<String, String> warmSpares = Map.of("gamegrid-battle", "fleet.warm-spares", "gamegrid-map", "map.warm-spares");
        assertEquals(warmSpares.keySet(), Set.copyOf(ofKind("FleetAutoscaler").stream().map(a -> (String) get(a, "spec", "fleetName")).toList()));
        for (Map<String, Object> autoscaler : ofKind("FleetAutoscaler")) {
            String fleet = (String) get(autoscaler, "spec", "fleetName");
            assertEquals(1, named("Fleet", fleet).size(), () -> "no fleet " + fleet);
            assertEquals("Buffer", get(autoscaler, "spec", "policy", "type"));
            int buffer = (Integer) get(autoscaler, "spec", "policy", "buffer", "bufferSize");
            assertEquals(Integer.parseInt(dispatcherSettings().getProperty(warmSpares.get(fleet))), buffer, fleet);
            assertTrue((Integer) get(autoscaler, "spec", "policy", "buffer", "minReplicas") >= buffer, fleet);
        }
    }

    @Test
    void fleetsLetAgonesChooseATcpPortThatTheirServerReadsFromTheSdk() {
        for (Map<String, Object> fleet : ofKind("Fleet")) {
            Map<String, Object> gameServer = map(get(fleet, "spec", "template", "spec"));
            List<Map<String, Object>> containers = podContainers(fleet);
            assertEquals(1, containers.size(), name(fleet));
            String container = (String) containers.get(0).get("name");
            assertEquals(container, gameServer.get("container"), name(fleet));
            for (Object p : list(gameServer.get("ports"))) {
                Map<String, Object> port = map(p);
                // The server listens on the port Agones opened: placedArguments reads it from GET /gameserver.
                assertEquals("Passthrough", port.get("portPolicy"), name(fleet));
                assertEquals("TCP", port.get("protocol"), name(fleet));
                assertEquals(container, port.get("container"), name(fleet));
                assertFalse(port.containsKey("containerPort"), "Passthrough sets containerPort itself");
            }
            // Health pings go out every heartbeat-interval: well inside one period.
            assertTrue(args(containers.get(0)).contains("--heartbeat-interval=1s"), name(fleet));
            assertTrue((Integer) get(gameServer, "health", "periodSeconds") >= 2, name(fleet));
            assertEquals(Map.of("app.kubernetes.io/name", name(fleet)), get(fleet, "spec", "template", "spec", "template", "metadata", "labels"));
        }
        assertEquals(2, ofKind("Fleet").size(), "battle and map servers");
    }

    @Test
    void theChatServerListensOnItsContainerPortAndAdvertisesAHostItIsGiven() {
        Map<String, Object> chat = named("Deployment", "gamegrid-chat").get(0);
        Map<String, Object> container = podContainers(chat).get(0);
        List<String> args = args(container);
        assertTrue(args.contains("--port=" + containerPort(chat, "chat")), args::toString);
        assertTrue(args.contains("--advertised-host=$(CHAT_ADVERTISED_HOST)"), args::toString);
        assertTrue(list(container.get("env")).stream().anyMatch(e -> map(e).get("name").equals("CHAT_ADVERTISED_HOST")));
    }

    @Test
    void everyDaemonTakesItsSettingsAsTheyAreWritten() throws IOException {
        // Unknown keys and bad values are refused at start: the settings the manifests give are parsed here by
        // the daemons' own configuration classes, as the containers would parse them.
        DispatcherConfig dispatcher = DispatcherConfig.from(Settings.read(
                new StringReader(data("gamegrid-dispatcher").get("dispatcher.properties")), Map.of()));
        assertFalse(dispatcher.fleet().kinds().stream().anyMatch(KindConfig::launchLocal), "the dispatcher launches nothing");
        List<Map<String, Object>> ours = allContainers().stream().filter(c -> String.valueOf(c.get("image")).startsWith("gamegrid:")).toList();
        assertEquals(4, ours.size(), "dispatcher, battle, map and chat servers run the world's image");
        for (Map<String, Object> container : ours) {
            List<String> args = args(container);
            String[] settings = args.subList(1, args.size()).toArray(String[]::new);
            switch (args.get(0)) {
                case "gamegrid.dispatcher.DispatcherMain" -> assertTrue(args.get(1).startsWith("--config=/etc/gamegrid/"));
                // Under Agones the placement (AgonesLifecycle.placedArguments) adds --port and --advertised-host.
                case "gamegrid.fightserver.BattleServerMain" -> BattleServerConfig.from(Settings.fromCommandLine(
                        placed(settings, "--port=7000", "--advertised-host=192.0.2.1"), null),
                        Map.of(TicketAuthority.SECRET_ENV, "secret"));
                case "gamegrid.mapserver.MapServerMain" -> MapServerConfig.from(Settings.fromCommandLine(
                        placed(settings, "--port=7000", "--advertised-host=192.0.2.1"), null),
                        Map.of(TicketAuthority.SECRET_ENV, "secret"));
                case "gamegrid.chatserver.ChatServerMain" -> ChatServerConfig.from(Settings.fromCommandLine(settings, null),
                        Map.of(TicketAuthority.SECRET_ENV, "secret"));
                default -> throw new AssertionError("unknown main class " + args.get(0));
            }
        }
    }

    private static String[] placed(String[] args, String... placement) {
        return Stream.concat(Stream.of(args), Stream.of(placement)).toArray(String[]::new);
    }

    private static Properties dispatcherSettings() {
        Properties settings = new Properties();
        try {
            settings.load(new StringReader(data("gamegrid-dispatcher").get("dispatcher.properties")));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return settings;
    }

    private static Map<String, Object> dispatcher() {
        return named("Deployment", "gamegrid-dispatcher").get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> data(String configMap) {
        List<Map<String, Object>> found = named("ConfigMap", configMap);
        assertEquals(1, found.size(), () -> "no config map " + configMap);
        return (Map<String, String>) found.get(0).get("data");
    }

    private static int containerPort(Map<String, Object> workload, String name) {
        return podContainers(workload).stream().flatMap(c -> list(c.get("ports")).stream()).map(KubernetesManifestsTest::map)
                .filter(p -> p.get("name").equals(name)).map(p -> (Integer) p.get("containerPort")).findFirst()
                .orElseThrow(() -> new AssertionError(name(workload) + " has no port " + name));
    }

    private static String mountPath(Map<String, Object> workload, String volume) {
        return podContainers(workload).stream().flatMap(c -> list(c.get("volumeMounts")).stream()).map(KubernetesManifestsTest::map)
                .filter(m -> m.get("name").equals(volume)).map(m -> (String) m.get("mountPath")).findFirst().orElse(null);
    }

    private static List<Map<String, Object>> workloads() {
        return objects.stream().filter(o -> kind(o).equals("Deployment") || kind(o).equals("Fleet")).toList();
    }

    private static List<Map<String, Object>> allContainers() {
        return workloads().stream().flatMap(w -> podContainers(w).stream()).toList();
    }

    /** The pod spec of a Deployment ({@code spec.template.spec}) or of a Fleet's GameServers ({@code spec.template.spec.template.spec}). */
    private static Map<String, Object> podSpec(Map<String, Object> workload) {
        return map(kind(workload).equals("Fleet") ? get(workload, "spec", "template", "spec", "template", "spec")
                : get(workload, "spec", "template", "spec"));
    }

    private static List<Map<String, Object>> podContainers(Map<String, Object> workload) {
        return list(podSpec(workload).get("containers")).stream().map(KubernetesManifestsTest::map).toList();
    }

    private static List<Map<String, Object>> podVolumes(Map<String, Object> workload) {
        return list(podSpec(workload).get("volumes")).stream().map(KubernetesManifestsTest::map).toList();
    }

    private static List<String> args(Map<String, Object> container) {
        return list(container.get("args")).stream().map(String::valueOf).toList();
    }

    private static List<Map<String, Object>> ofKind(String kind) {
        return objects.stream().filter(o -> kind(o).equals(kind)).toList();
    }

    private static List<Map<String, Object>> named(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name(o).equals(name)).toList();
    }

    private static String kind(Map<String, Object> object) {
        return (String) object.get("kind");
    }

    private static String name(Map<String, Object> object) {
        return string(object, "metadata", "name");
    }

    private static String string(Map<String, Object> object, String... path) {
        return String.valueOf(get(object, path));
    }

    /** The value at {@code path}, or null where the path ends early. */
    private static Object get(Map<String, Object> object, String... path) {
        Object value = object;
        for (String key : path) {
            if (!(value instanceof Map<?, ?> m)) {
                return null;
            }
            value = m.get(key);
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }
}
