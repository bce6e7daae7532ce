package io.raftkv.simulator.loop;

import io.raftkv.raft.util.Check;
import java.util.Arrays;

/**
 * A binary min-heap of events by (time, sequence number). Hand-written rather than
 * {@link java.util.PriorityQueue} to avoid a comparator call and boxing on the hot path.
 */
final class EventQueue {
    /** Far more than any sane simulation holds at once; a runaway feedback loop hits this instead of the heap. */
    static final int CAPACITY_MAX = 1 << 24;

    private Event[] heap = new Event[1024];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    Event peek() {
        return size == 0 ? null : heap[0];
    }

    void add(Event event) {
        if (size == heap.length) {
            Check.that(size < CAPACITY_MAX, "event queue holds %d events: a runaway feedback loop", size);
            heap = Arrays.copyOf(heap, size * 2);
        }
        int child = size++;
        while (child > 0) {
            int parent = (child - 1) >>> 1;
            Event p = heap[parent];
            if (!event.before(p)) {
                break;
            }
            heap[child] = p;
            child = parent;
        }
        heap[child] = event;
    }

    Event poll() {
        if (size == 0) {
            return null;
        }
        Event first = heap[0];
        Event last = heap[--size];
        heap[size] = null;
        if (size > 0) {
            siftDown(last);
        }
        return first;
    }

    private void siftDown(Event event) {
        int parent = 0;
        int half = size >>> 1;
        while (parent < half) {
            int child = 2 * parent + 1;
            Event c = heap[child];
            int right = child + 1;
            if (right < size && heap[right].before(c)) {
                child = right;
                c = heap[child];
            }
            if (!c.before(event)) {
                break;
            }
            heap[parent] = c;
            parent = child;
        }
        heap[parent] = event;
    }
}
