package gamegrid.support;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Kills every process a test left behind (battle-server JVMs above all), even when the test failed,
 * so that one failure cannot leak JVMs into the next test or past the build.
 */
public final class SpawnedProcessReaper implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SpawnedProcessReaper.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put("before", descendantPids());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void afterEach(ExtensionContext context) {
        Set<Long> before = (Set<Long>) context.getStore(NAMESPACE).get("before");
        List<ProcessHandle> leftovers = ProcessHandle.current().descendants()
                .filter(p -> before == null || !before.contains(p.pid()))
                .toList();
        leftovers.forEach(ProcessHandle::destroyForcibly);
        leftovers.forEach(p -> p.onExit().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> p).join());
    }

    private static Set<Long> descendantPids() {
        return ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
    }
}
