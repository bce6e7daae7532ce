package io.raftkv.simulator.check.linearizability.kv;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A deliberately dumb, sequential store with etcd's semantics: the truth the generated histories
 * are made from. The revision starts at 1, as in etcd, and each change makes the next one.
 */
final class ReferenceKvStore {
    private final Map<String, KeyState> keys = new TreeMap<>();
    private long revision = 1;

    KvOutput apply(KvInput input) {
        if (input instanceof KvInput.Put put) {
            boolean existed = keys.containsKey(put.key());
            write(put.key(), put.value(), put.lease());
            return new KvOutput.PutResult(revision, existed ? KvOutput.Prior.EXISTED : KvOutput.Prior.ABSENT);
        }
        if (input instanceof KvInput.Get get) {
            return new KvOutput.GetResult(revision, Optional.ofNullable(keys.get(get.key())));
        }
        if (input instanceof KvInput.Delete delete) {
            if (keys.remove(delete.key()) == null) {
                return new KvOutput.DeleteResult(revision, 0);
            }
            return new KvOutput.DeleteResult(++revision, 1);
        }
        if (input instanceof KvInput.CreateIfAbsent create) {
            KeyState holder = keys.get(create.key());
            if (holder != null) {
                return new KvOutput.CreateResult(revision, false, Optional.of(holder));
            }
            write(create.key(), create.value(), create.lease());
            return new KvOutput.CreateResult(revision, true, Optional.empty());
        }
        return revoke(((KvInput.RevokeLease) input).leaseId());
    }

    private void write(String key, String value, long lease) {
        KeyState before = keys.get(key);
        revision++;
        keys.put(key, before == null ? new KeyState(value, 1, revision, revision, lease)
                : new KeyState(value, before.version() + 1, before.createRevision(), revision, lease));
    }

    /** Deletes every key attached to the lease, all in one new revision; none, no new revision. */
    private KvOutput revoke(long lease) {
        List<String> attached = new ArrayList<>();
        keys.forEach((key, state) -> {
            if (state.lease() == lease) {
                attached.add(key);
            }
        });
        if (!attached.isEmpty()) {
            revision++;
            attached.forEach(keys::remove);
        }
        return new KvOutput.RevokeResult(revision);
    }
}
