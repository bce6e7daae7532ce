package io.raftkv.simulator.nemesis;

/**
 * Told when a live, running node reaches a point of its snapshot work where a crash is most
 * telling; an armed trap for that point crashes it there, before the rest of its task runs.
 */
@FunctionalInterface
public interface CrashPoints {
    CrashPoints NONE = (nodeId, point) -> {};

    void reached(long nodeId, Fault.Trigger point);
}
