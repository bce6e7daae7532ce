package io.raftkv.simulator.kv;

import com.google.protobuf.ByteString;
import java.util.function.Consumer;

/**
 * How a lock client gives up the lock it holds. The correct way, and the default, revokes the
 * lease (which deletes the key with it); tests plug in broken ones.
 */
@FunctionalInterface
public interface Unlocker {
    Unlocker REVOKE = release -> release.revokeLease(outcome -> release.released(false));

    /** Releases the lock; must end with exactly one {@link Release#released}. */
    void release(Release release);

    /** What an unlocker can do on behalf of its client; each request is an operation of the history. */
    interface Release {
        ByteString key();

        /** The fencing token: the create revision of the key this client created. */
        long token();

        long leaseId();

        void revokeLease(Consumer<KvOp.Outcome> then);

        /** A plain delete of {@code key}, by name alone. */
        void delete(ByteString key, Consumer<KvOp.Outcome> then);

        void after(long delayMicros, Runnable then);

        /** The release is over; with {@code leaseKept} the client keeps its lease and may lock with it again. */
        void released(boolean leaseKept);
    }
}
