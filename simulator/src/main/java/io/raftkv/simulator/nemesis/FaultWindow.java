package io.raftkv.simulator.nemesis;

import io.raftkv.raft.util.Check;

/** A fault and when it holds, in virtual microseconds. */
public record FaultWindow(long startMicros, long endMicros, Fault fault) {
    public FaultWindow {
        Check.that(startMicros >= 0 && endMicros >= startMicros, "fault window [%d, %d] is empty", startMicros, endMicros);
        Check.that(fault != null, "a fault window needs a fault");
    }
}
