package io.raftkv.simulator.check.linearizability.kv;

import io.raftkv.simulator.check.linearizability.Model;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * etcd's key-value semantics, one key per partition, for the KV workload's histories.
 *
 * <p>What it checks: a put or successful create writes the value and lease, counts one more
 * version (1 on create) and keeps the create revision; a delete removes the key; a
 * create-if-absent succeeds iff the key is absent; a lease revoke (or expiry) deletes the key iff
 * it is attached to that lease at the time; a read sees exactly the current value, version, lease
 * and revisions (those known: see {@link Revision}); and revisions on the key grow with the
 * linearization (see {@link KvState#floor()}). Revisions across keys are {@link
 * io.raftkv.simulator.check.linearizability.RevisionOrderCheck}'s job.
 *
 * <p>A history must leave out ops that certainly failed (never applied), and give the ones that
 * may have applied an unknown outcome.
 */
public final class KvModel implements Model<KvState, KvInput, KvOutput> {

    @Override
    public KvState initial() {
        return new KvState.Absent(Revision.ZERO);
    }

    @Override
    public Optional<KvState> step(KvState state, KvInput input, KvOutput output) {
        if (input instanceof KvInput.Put put) {
            return KvTransitions.put(state, put, answer(input, output, KvOutput.PutResult.class));
        }
        if (input instanceof KvInput.Get) {
            return KvTransitions.get(state, answer(input, output, KvOutput.GetResult.class));
        }
        if (input instanceof KvInput.Delete) {
            return KvTransitions.delete(state, answer(input, output, KvOutput.DeleteResult.class));
        }
        if (input instanceof KvInput.CreateIfAbsent create) {
            return KvTransitions.createIfAbsent(state, create, answer(input, output, KvOutput.CreateResult.class));
        }
        KvInput.RevokeLease revoke = (KvInput.RevokeLease) input;
        return KvTransitions.revoke(state, revoke, answer(input, output, KvOutput.RevokeResult.class));
    }

    /** The output as the type this input is answered with; a mismatch is a bug in the history's producer. */
    private static <T extends KvOutput> T answer(KvInput input, KvOutput output, Class<T> type) {
        if (output != null && !type.isInstance(output)) {
            throw new IllegalArgumentException(
                    input + " must be answered with a " + type.getSimpleName() + ", got " + output);
        }
        return type.cast(output);
    }

    @Override
    public Collection<?> partitionKeys(KvInput input) {
        return input.key() == null ? List.of() : List.of(input.key());
    }

    /** A get whose answer nobody saw tells nothing and changes nothing. */
    @Override
    public boolean readOnly(KvInput input) {
        return input instanceof KvInput.Get;
    }
}
