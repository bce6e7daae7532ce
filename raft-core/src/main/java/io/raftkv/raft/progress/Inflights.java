package io.raftkv.raft.progress;

import io.raftkv.raft.util.Check;
import java.util.ArrayDeque;

/**
 * The appends sent to one follower and not yet acknowledged, bounded by a count and by bytes
 * (the pipelining window). Acknowledgements free them in order of their last index.
 */
public final class Inflights {
    private record Inflight(long lastIndex, long bytes) {}

    private final int maxCount;
    private final long maxBytes;
    private final ArrayDeque<Inflight> window = new ArrayDeque<>();
    private long bytes;

    public Inflights(int maxCount, long maxBytes) {
        Check.that(maxCount >= 1 && maxBytes >= 1, "in-flight limits must be positive: %d, %d", maxCount, maxBytes);
        this.maxCount = maxCount;
        this.maxBytes = maxBytes;
    }

    /** No more appends may be sent until some are acknowledged. */
    public boolean full() {
        return window.size() >= maxCount || bytes >= maxBytes;
    }

    /** Records an append ending at {@code lastIndex}; one append may overshoot the byte limit. */
    public void add(long lastIndex, long appendBytes) {
        Check.that(!full(), "in-flight window is full (%d appends, %d bytes)", window.size(), bytes);
        Check.that(window.isEmpty() || window.peekLast().lastIndex() < lastIndex,
                "in-flight appends must end at increasing indexes, %d after %d",
                lastIndex, window.isEmpty() ? 0 : window.peekLast().lastIndex());
        window.addLast(new Inflight(lastIndex, appendBytes));
        bytes += appendBytes;
    }

    /** Frees every append that ends at or below {@code index} (the follower acknowledged it). */
    public void freeTo(long index) {
        while (!window.isEmpty() && window.peekFirst().lastIndex() <= index) {
            bytes -= window.removeFirst().bytes();
        }
        Check.that(bytes >= 0 && (!window.isEmpty() || bytes == 0), "in-flight bytes out of balance: %d", bytes);
    }

    /** Frees the oldest append, so that a window whose acknowledgements were lost can move again. */
    public void freeFirstOne() {
        if (!window.isEmpty()) {
            bytes -= window.removeFirst().bytes();
        }
    }

    public void reset() {
        window.clear();
        bytes = 0;
    }

    public int count() {
        return window.size();
    }

    public long bytes() {
        return bytes;
    }
}
