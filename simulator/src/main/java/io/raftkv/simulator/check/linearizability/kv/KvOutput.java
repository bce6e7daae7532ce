package io.raftkv.simulator.check.linearizability.kv;

import io.raftkv.simulator.check.linearizability.Revisioned;
import java.util.Objects;
import java.util.Optional;

/**
 * What the store answered. Every answer carries the revision of its response header: the revision
 * a write created, or the store's revision when a read (or a write that changed nothing) was
 * served. An op whose outcome is unknown has no output at all (null in its {@code Op}).
 */
public sealed interface KvOutput extends Revisioned {

    /** Whether the key existed before a put, as etcd's {@code prev_kv} tells, if it was asked for. */
    enum Prior { EXISTED, ABSENT, NOT_REPORTED }

    /** A put happened at {@code revision}. */
    record PutResult(long revision, Prior prior) implements KvOutput {
        public PutResult {
            Objects.requireNonNull(prior, "prior");
        }

        @Override
        public boolean changedStore() {
            return true;
        }
    }

    /** The key as of {@code revision}; empty if it did not exist. */
    record GetResult(long revision, Optional<KeyState> kv) implements KvOutput {
        public GetResult {
            Objects.requireNonNull(kv, "kv");
        }

        @Override
        public boolean changedStore() {
            return false;
        }
    }

    /** {@code deleted} is 1 if the key existed and was deleted at {@code revision}, else 0. */
    record DeleteResult(long revision, long deleted) implements KvOutput {
        @Override
        public boolean changedStore() {
            return deleted > 0;
        }
    }

    /**
     * The lock transaction: {@code succeeded} if it created the key at {@code revision}; otherwise
     * {@code holder} is the key as it found it (the current holder), at store revision {@code revision}.
     */
    record CreateResult(long revision, boolean succeeded, Optional<KeyState> holder) implements KvOutput {
        public CreateResult {
            Objects.requireNonNull(holder, "holder");
        }

        @Override
        public boolean changedStore() {
            return succeeded;
        }
    }

    /**
     * A lease was revoked (or expired) at store revision {@code revision}. Whether it deleted the
     * key is not reported, so for {@link io.raftkv.simulator.check.linearizability.RevisionOrderCheck}
     * it counts as a read: the weaker check, never a false alarm.
     */
    record RevokeResult(long revision) implements KvOutput {
        @Override
        public boolean changedStore() {
            return false;
        }
    }
}
