package io.raftkv.kv.recipe;

import com.google.protobuf.ByteString;
import io.raftkv.kv.proto.KeyValue;

/** What one attempt to take a lock without waiting gave: the lock, or the name of who holds it. */
public sealed interface LockAttempt permits LockAttempt.Acquired, LockAttempt.Busy {

    /** The lock is ours; {@code token} is the create revision of our key. */
    record Acquired(FencingToken token) implements LockAttempt {
    }

    /** Someone else holds the lock: {@code holder} is their key as the attempt read it. */
    record Busy(KeyValue holder) implements LockAttempt {
        public ByteString holderKey() {
            return holder.getKey();
        }

        public ByteString holderValue() {
            return holder.getValue();
        }

        /** The holder's token: the create revision of its key. */
        public FencingToken holderToken() {
            return new FencingToken(holder.getCreateRevision());
        }
    }
}
