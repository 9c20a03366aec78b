package gamegrid.dispatcher.fleet;

import java.util.Arrays;
import java.util.stream.Stream;

/**
 * The routable instances of one route as a binary min-heap in {@link Instance#BY_LOAD} order, each entry knowing
 * its own slot. The least loaded is at the root; after a load changes, {@link #update} moves that one entry
 * up or down in O(log n) with no allocation, where a sorted set would remove and re-insert a node on every
 * {@code get}. Not thread-safe: the {@link RoutingTable} guards it.
 */
final class RoutingHeap {
    private Instance[] heap = new Instance[16];
    private int size;

    /** The least loaded entry, or null when there is none. */
    Instance first() {
        return size == 0 ? null : heap[0];
    }

    boolean contains(Instance entry) {
        return entry.heapSlot >= 0;
    }

    void add(Instance entry) {
        if (contains(entry)) {
            throw new IllegalStateException("already routable: " + entry.address + " " + entry.route);
        }
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        place(entry, size++);
        siftUp(entry.heapSlot);
    }

    /** Removes the entry if it is here; returns whether it was. */
    boolean remove(Instance entry) {
        int slot = entry.heapSlot;
        if (slot < 0) {
            return false;
        }
        entry.heapSlot = -1;
        Instance last = heap[--size];
        heap[size] = null;
        if (last != entry) {
            place(last, slot);
            update(last);
        }
        return true;
    }

    /** Restores the order after the entry's load changed. */
    void update(Instance entry) {
        int slot = siftUp(entry.heapSlot);
        siftDown(slot);
    }

    Stream<Instance> stream() {
        return Arrays.stream(heap, 0, size);
    }

    private int siftUp(int slot) {
        Instance entry = heap[slot];
        while (slot > 0) {
            int parent = (slot - 1) >>> 1;
            if (Instance.BY_LOAD.compare(heap[parent], entry) <= 0) {
                break;
            }
            place(heap[parent], slot);
            slot = parent;
        }
        place(entry, slot);
        return slot;
    }

    private void siftDown(int slot) {
        Instance entry = heap[slot];
        while (true) {
            int child = 2 * slot + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && Instance.BY_LOAD.compare(heap[child + 1], heap[child]) < 0) {
                child++;
            }
            if (Instance.BY_LOAD.compare(entry, heap[child]) <= 0) {
                break;
            }
            place(heap[child], slot);
            slot = child;
        }
        place(entry, slot);
    }

    private void place(Instance entry, int slot) {
        heap[slot] = entry;
        entry.heapSlot = slot;
    }
}
