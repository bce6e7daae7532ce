package io.raftkv.simulator.check.linearizability;

/**
 * An output that carries the store revision it was served at, for {@link RevisionOrderCheck}:
 * the revision a write created, or the revision of the store a read saw.
 */
public interface Revisioned {
    long revision();

    /** True if the op created {@link #revision()} by changing the store (a write that wrote something). */
    boolean changedStore();
}
