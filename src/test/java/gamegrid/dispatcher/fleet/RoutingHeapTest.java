package gamegrid.dispatcher.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The routing heap against the obvious reference: the minimum of a plain set, after every random step. */
class RoutingHeapTest {
    @Test
    void theRootIsAlwaysTheLeastLoadedAfterAnyMixOfAddsRemovesAndLoadChanges() {
        Random random = new Random(42);
        List<Instance> all = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            all.add(new Instance(new ServerAddress("127.0.0.1", 7000 + i), "", 2, 0));
        }
        RoutingHeap heap = new RoutingHeap();
        Set<Instance> reference = new HashSet<>();
        for (int step = 0; step < 20_000; step++) {
            Instance entry = all.get(random.nextInt(all.size()));
            switch (random.nextInt(4)) {
                case 0 -> {
                    if (reference.add(entry)) {
                        heap.add(entry);
                    }
                }
                case 1 -> assertEquals(reference.remove(entry), heap.remove(entry));
                default -> {
                    entry.load = Math.max(0, entry.load + random.nextInt(7) - 3);
                    if (heap.contains(entry)) {
                        heap.update(entry);
                    }
                }
            }
            Instance expected = reference.stream().min(Instance.BY_LOAD).orElse(null);
            assertEquals(expected, heap.first(), "step " + step);
        }
        assertEquals(reference, heap.stream().collect(Collectors.toSet()));
    }

    @Test
    void anEmptiedHeapHasNoFirstAndForgetsItsEntries() {
        RoutingHeap heap = new RoutingHeap();
        Instance entry = new Instance(new ServerAddress("127.0.0.1", 7000), "", 2, 0);
        heap.add(entry);
        assertTrue(heap.remove(entry));
        assertFalse(heap.remove(entry));
        assertFalse(heap.contains(entry));
        assertNull(heap.first());
        assertEquals(0, heap.stream().count());
    }
}
