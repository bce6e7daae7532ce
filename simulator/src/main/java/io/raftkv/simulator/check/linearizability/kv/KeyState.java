package io.raftkv.simulator.check.linearizability.kv;

import java.util.Objects;

/**
 * A key as a client saw it (etcd's {@code KeyValue}): the numbers are whatever the store answered,
 * unchecked here, since checking them is the model's job.
 *
 * @param version how many times the key was written since it was created (1 after the create)
 * @param createRevision the revision that created it
 * @param modRevision the revision that last wrote it
 * @param lease the lease it is attached to, 0 if none
 */
public record KeyState(String value, long version, long createRevision, long modRevision, long lease) {
    public KeyState {
        Objects.requireNonNull(value, "value");
    }
}
