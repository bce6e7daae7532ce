package io.raftkv.simulator.check.linearizability.kv;

import io.raftkv.raft.util.Check;
import java.util.Objects;

/**
 * What the model knows about one key after some ops were linearized. Small, immutable, value
 * equality: the checker memoizes on it.
 *
 * <p>{@link #floor()} is the revision of the latest op linearized on this key (write or read).
 * Revisions grow along the store's order, so every later op on the key must be at or above it,
 * and a write strictly above: a read cannot claim revision 10 and still miss a write at 8.
 */
public sealed interface KvState {
    Revision floor();

    KvState withFloor(Revision floor);

    /** The key does not exist (never created, or deleted). */
    record Absent(Revision floor) implements KvState {
        public Absent {
            Objects.requireNonNull(floor, "floor");
        }

        @Override
        public KvState withFloor(Revision floor) {
            return new Absent(floor);
        }
    }

    /** The key exists. Invariant: createRevision <= modRevision <= floor, as far as they are known. */
    record Present(String value, long version, Revision createRevision, Revision modRevision, long lease,
                   Revision floor) implements KvState {
        public Present {
            Objects.requireNonNull(value, "value");
            Check.that(version >= 1 && createRevision.min() <= modRevision.min() && modRevision.min() <= floor.min(),
                    "inconsistent key %s: version %d, create %s, mod %s, floor %s", value, version, createRevision,
                    modRevision, floor);
        }

        @Override
        public KvState withFloor(Revision floor) {
            return new Present(value, version, createRevision, modRevision, lease, floor);
        }

        /**
         * Could a read served at store revision {@code revision} have seen this key as {@code seen}?
         * The known parts must be equal, the unknown revisions admit what was seen, and the seen
         * numbers must be consistent among themselves (version 1 exactly when created and last
         * written by the same revision).
         */
        boolean couldBe(KeyState seen, long revision) {
            return value.equals(seen.value()) && version == seen.version() && lease == seen.lease()
                    && createRevision.admits(seen.createRevision()) && modRevision.admits(seen.modRevision())
                    && seen.createRevision() <= seen.modRevision() && seen.modRevision() <= revision
                    && (version == 1) == (seen.createRevision() == seen.modRevision());
        }

        /** This key with its revisions now known from {@code seen}, read at {@code revision}. */
        Present resolvedBy(KeyState seen, long revision) {
            return new Present(value, version, Revision.exact(seen.createRevision()), Revision.exact(seen.modRevision()),
                    lease, Revision.exact(revision));
        }
    }
}
