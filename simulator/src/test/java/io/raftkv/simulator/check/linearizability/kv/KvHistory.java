package io.raftkv.simulator.check.linearizability.kv;

import io.raftkv.simulator.check.linearizability.CheckResult;
import io.raftkv.simulator.check.linearizability.LinearizabilityChecker;
import io.raftkv.simulator.check.linearizability.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds KV histories for tests, numbering ops in the order they are added. */
final class KvHistory {
    static final long BUDGET = 1_000_000;

    private final List<Op<KvInput, KvOutput>> ops = new ArrayList<>();

    static KeyState key(String value, long version, long createRevision, long modRevision, long lease) {
        return new KeyState(value, version, createRevision, modRevision, lease);
    }

    KvHistory put(int client, String key, String value, long call, long ret, long revision) {
        return add(client, new KvInput.Put(key, value, 0), new KvOutput.PutResult(revision, KvOutput.Prior.NOT_REPORTED),
                call, ret);
    }

    KvHistory putWithLease(int client, String key, String value, long lease, long call, long ret, long revision) {
        return add(client, new KvInput.Put(key, value, lease),
                new KvOutput.PutResult(revision, KvOutput.Prior.NOT_REPORTED), call, ret);
    }

    KvHistory get(int client, String key, long call, long ret, long revision, KeyState seen) {
        return add(client, new KvInput.Get(key), new KvOutput.GetResult(revision, Optional.ofNullable(seen)), call, ret);
    }

    KvHistory delete(int client, String key, long call, long ret, long revision, long deleted) {
        return add(client, new KvInput.Delete(key), new KvOutput.DeleteResult(revision, deleted), call, ret);
    }

    KvHistory lock(int client, String key, long lease, long call, long ret, long revision) {
        return add(client, new KvInput.CreateIfAbsent(key, "client-" + client, lease),
                new KvOutput.CreateResult(revision, true, Optional.empty()), call, ret);
    }

    KvHistory lockHeld(int client, String key, long lease, long call, long ret, long revision, KeyState holder) {
        return add(client, new KvInput.CreateIfAbsent(key, "client-" + client, lease),
                new KvOutput.CreateResult(revision, false, Optional.of(holder)), call, ret);
    }

    KvHistory revoke(int client, long lease, String key, long call, long ret, long revision) {
        return add(client, new KvInput.RevokeLease(lease, key), new KvOutput.RevokeResult(revision), call, ret);
    }

    KvHistory unknown(int client, KvInput input, long call) {
        ops.add(Op.unknown(ops.size(), client, input, call));
        return this;
    }

    KvHistory add(int client, KvInput input, KvOutput output, long call, long ret) {
        ops.add(new Op<>(ops.size(), client, input, output, call, ret));
        return this;
    }

    /** Another builder with the same ops so far, to extend one prefix in several ways. */
    KvHistory copy() {
        KvHistory copy = new KvHistory();
        copy.ops.addAll(ops);
        return copy;
    }

    List<Op<KvInput, KvOutput>> ops() {
        return List.copyOf(ops);
    }

    CheckResult check() {
        return LinearizabilityChecker.check(new KvModel(), ops(), BUDGET);
    }
}
