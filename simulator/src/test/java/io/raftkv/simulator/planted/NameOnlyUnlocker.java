package io.raftkv.simulator.planted;

import io.raftkv.simulator.kv.KvOp;
import io.raftkv.simulator.kv.Unlocker;

/**
 * PLANTED BUG: a lock released by deleting the lock key by name alone, retried until a delete is
 * acknowledged, instead of revoking the lease or deleting only if the key's create revision is
 * still the holder's. A delete that timed out but did apply, retried, deletes the next holder's
 * key; the client keeps its lease and locks again with it.
 */
final class NameOnlyUnlocker implements Unlocker {
    static final Unlocker UNLOCKER = new NameOnlyUnlocker();
    private static final long RETRY_MICROS = 50_000;

    @Override
    public void release(Release release) {
        release.delete(release.key(), outcome -> {
            if (outcome == KvOp.Outcome.OK) {
                release.released(true);
            } else {
                release.after(RETRY_MICROS, () -> release(release));
            }
        });
    }
}
