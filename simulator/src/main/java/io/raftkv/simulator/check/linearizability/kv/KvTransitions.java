package io.raftkv.simulator.check.linearizability.kv;

import io.raftkv.simulator.check.linearizability.kv.KvInput.CreateIfAbsent;
import io.raftkv.simulator.check.linearizability.kv.KvInput.Put;
import io.raftkv.simulator.check.linearizability.kv.KvInput.RevokeLease;
import io.raftkv.simulator.check.linearizability.kv.KvOutput.CreateResult;
import io.raftkv.simulator.check.linearizability.kv.KvOutput.DeleteResult;
import io.raftkv.simulator.check.linearizability.kv.KvOutput.GetResult;
import io.raftkv.simulator.check.linearizability.kv.KvOutput.PutResult;
import io.raftkv.simulator.check.linearizability.kv.KvOutput.RevokeResult;
import io.raftkv.simulator.check.linearizability.kv.KvState.Absent;
import io.raftkv.simulator.check.linearizability.kv.KvState.Present;
import java.util.Optional;

/**
 * One key's transitions, op by op: the new state, or empty if the answer is impossible. A null
 * output is an unknown outcome: the op took effect (this transition was asked for) but its answer
 * was not seen, so what it wrote gets a revision known only from below.
 *
 * <p>Revision rules, against {@link KvState#floor()}: a write's revision is above the floor, a
 * read's (and a no-op write's) at or above it; either becomes the new floor.
 */
final class KvTransitions {
    private KvTransitions() {}

    static Optional<KvState> put(KvState state, Put put, PutResult result) {
        if (result == null) {
            return Optional.of(written(state, put.value(), put.lease(), state.floor().after()));
        }
        boolean existed = state instanceof Present;
        boolean priorAgrees = result.prior() == KvOutput.Prior.NOT_REPORTED
                || (result.prior() == KvOutput.Prior.EXISTED) == existed;
        if (!priorAgrees || !state.floor().before(result.revision())) {
            return Optional.empty();
        }
        return Optional.of(written(state, put.value(), put.lease(), Revision.exact(result.revision())));
    }

    static Optional<KvState> get(KvState state, GetResult result) {
        if (result == null) {
            return Optional.of(state);
        }
        return observed(state, result.kv(), result.revision());
    }

    static Optional<KvState> delete(KvState state, DeleteResult result) {
        if (result == null) {
            return Optional.of(state instanceof Present ? new Absent(state.floor().after()) : state);
        }
        if (result.deleted() == 1) {
            return state instanceof Present && state.floor().before(result.revision())
                    ? Optional.of(new Absent(Revision.exact(result.revision()))) : Optional.empty();
        }
        return result.deleted() == 0 && state instanceof Absent && state.floor().notAfter(result.revision())
                ? Optional.of(new Absent(Revision.exact(result.revision()))) : Optional.empty();
    }

    /** Succeeds iff the key is absent; otherwise it is a read of the holder. */
    static Optional<KvState> createIfAbsent(KvState state, CreateIfAbsent create, CreateResult result) {
        if (result == null) {
            return Optional.of(state instanceof Absent
                    ? written(state, create.value(), create.lease(), state.floor().after()) : state);
        }
        if (result.succeeded()) {
            return state instanceof Absent && result.holder().isEmpty() && state.floor().before(result.revision())
                    ? Optional.of(written(state, create.value(), create.lease(), Revision.exact(result.revision())))
                    : Optional.empty();
        }
        return result.holder().isPresent() ? observed(state, result.holder(), result.revision()) : Optional.empty();
    }

    /** Deletes the key iff it is attached to the lease when the revoke happens. */
    static Optional<KvState> revoke(KvState state, RevokeLease revoke, RevokeResult result) {
        boolean attached = state instanceof Present present && present.lease() == revoke.leaseId();
        if (result == null) {
            return Optional.of(attached ? new Absent(state.floor().after()) : state);
        }
        if (attached) {
            return state.floor().before(result.revision())
                    ? Optional.of(new Absent(Revision.exact(result.revision()))) : Optional.empty();
        }
        return state.floor().notAfter(result.revision())
                ? Optional.of(state.withFloor(Revision.exact(result.revision()))) : Optional.empty();
    }

    /** The key after a write at {@code revision}: created if absent, else one version more. */
    private static Present written(KvState state, String value, long lease, Revision revision) {
        if (state instanceof Present present) {
            return new Present(value, present.version() + 1, present.createRevision(), revision, lease, revision);
        }
        return new Present(value, 1, revision, revision, lease, revision);
    }

    /** A read at store revision {@code revision} saw {@code seen} (empty: the key did not exist). */
    private static Optional<KvState> observed(KvState state, Optional<KeyState> seen, long revision) {
        if (!state.floor().notAfter(revision)) {
            return Optional.empty();
        }
        if (state instanceof Present present) {
            return seen.filter(kv -> present.couldBe(kv, revision)).map(kv -> present.resolvedBy(kv, revision));
        }
        return seen.isEmpty() ? Optional.of(new Absent(Revision.exact(revision))) : Optional.empty();
    }
}
