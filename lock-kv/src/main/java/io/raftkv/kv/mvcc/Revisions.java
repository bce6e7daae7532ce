package io.raftkv.kv.mvcc;

import io.raftkv.kv.proto.KvError;
import io.raftkv.kv.KvException;

/** The refusals of a revision outside what the store holds, worded alike wherever a revision is asked for. */
final class Revisions {
    private Revisions() {
    }

    /** A read at {@code revision} needs it retained (at or above the compacted revision) and not ahead of the store. */
    static void checkReadable(String what, long revision, long current, long compacted) {
        checkNotFuture(what, revision, current);
        if (revision < compacted) {
            throw new KvException(KvError.Code.COMPACTED, what + " at revision " + revision
                    + " is below the compacted revision " + compacted);
        }
    }

    static void checkNotFuture(String what, long revision, long current) {
        if (revision > current) {
            throw new KvException(KvError.Code.FUTURE_REVISION, what + " at revision " + revision
                    + " is ahead of the store's revision " + current);
        }
    }
}
