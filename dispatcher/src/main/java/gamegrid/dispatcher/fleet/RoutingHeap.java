package gamegrid.dispatcher.fleet;

import java.util.Arrays;
import java.util.stream.Stream;

/**
 * The routable servers as a binary min-heap in {@link BattleServerEntry#BY_LOAD} order, each entry knowing
 * its own slot. The least loaded is at the root; after a load changes, {@link #update} moves that one entry
 * up or down in O(log n) with no allocation, where a sorted set would remove and re-insert a node on every
 * {@code get}. Not thread-safe: the {@link Fleet} guards it.
 */
final class RoutingHeap {
    private BattleServerEntry[] heap = new BattleServerEntry[16];
    private int size;

    /** The least loaded entry, or null when there is none. */
    BattleServerEntry first() {
        return size == 0 ? null : heap[0];
    }

    boolean contains(BattleServerEntry entry) {
        return entry.heapSlot >= 0;
    }

    void add(BattleServerEntry entry) {
        if (contains(entry)) {
            throw new IllegalStateException("already routable: " + entry.port);
        }
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        place(entry, size++);
        siftUp(entry.heapSlot);
    }

    /** Removes the entry if it is here; returns whether it was. */
    boolean remove(BattleServerEntry entry) {
        int slot = entry.heapSlot;
        if (slot < 0) {
            return false;
        }
        entry.heapSlot = -1;
        BattleServerEntry last = heap[--size];
        heap[size] = null;
        if (last != entry) {
            place(last, slot);
            update(last);
        }
        return true;
    }

    /** Restores the order after the entry's load changed. */
    void update(BattleServerEntry entry) {
        int slot = siftUp(entry.heapSlot);
        siftDown(slot);
    }

    Stream<BattleServerEntry> stream() {
        return Arrays.stream(heap, 0, size);
    }

    private int siftUp(int slot) {
        BattleServerEntry entry = heap[slot];
        while (slot > 0) {
            int parent = (slot - 1) >>> 1;
            if (BattleServerEntry.BY_LOAD.compare(heap[parent], entry) <= 0) {
                break;
            }
            place(heap[parent], slot);
            slot = parent;
        }
        place(entry, slot);
        return slot;
    }

    private void siftDown(int slot) {
        BattleServerEntry entry = heap[slot];
        while (true) {
            int child = 2 * slot + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && BattleServerEntry.BY_LOAD.compare(heap[child + 1], heap[child]) < 0) {
                child++;
            }
            if (BattleServerEntry.BY_LOAD.compare(entry, heap[child]) <= 0) {
                break;
            }
            place(heap[child], slot);
            slot = child;
        }
        place(entry, slot);
    }

    private void place(BattleServerEntry entry, int slot) {
        heap[slot] = entry;
        entry.heapSlot = slot;
    }
}
