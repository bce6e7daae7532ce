package io.raftkv.simulator.check;

import io.raftkv.simulator.loop.EventKind;
import io.raftkv.simulator.loop.EventLoop;
import java.util.ArrayList;
import java.util.List;

/**
 * Where every check reports. Violations are recorded, never thrown, so that one bad step does not
 * hide the next; only the first {@link #KEPT_MAX} are kept with their text, all are counted.
 */
public final class Violations {
    public static final int KEPT_MAX = 100;

    private final EventLoop loop;
    private final List<Violation> kept = new ArrayList<>();
    private long count;

    public Violations(EventLoop loop) {
        this.loop = loop;
    }

    public void report(long nodeId, Invariant invariant, String description) {
        count++;
        loop.note(EventKind.VIOLATION, nodeId, invariant.ordinal());
        if (kept.size() < KEPT_MAX) {
            kept.add(new Violation(loop.nowMicros(), nodeId, invariant, description));
        }
    }

    public long count() {
        return count;
    }

    public List<Violation> kept() {
        return List.copyOf(kept);
    }
}
