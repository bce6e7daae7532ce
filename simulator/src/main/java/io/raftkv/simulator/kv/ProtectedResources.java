package io.raftkv.simulator.kv;

import com.google.protobuf.ByteString;
import io.raftkv.simulator.check.Invariant;
import io.raftkv.simulator.check.Violations;
import io.raftkv.simulator.loop.EventLoop;
import java.util.HashMap;
import java.util.Map;

/**
 * The resources the locks protect, one per lock key, each fenced: it accepts a write only with a
 * token (the lock key's create revision) at least as high as the highest it has seen.
 *
 * <p>Lock safety, checked at each accepted write: the writer's lock key incarnation (the one its
 * token names) must still be alive at that instant, neither deleted nor replaced (see {@link
 * LockKeyTimeline}); and accepted tokens never decrease. Fencing turns a late write of a stale
 * holder into a refusal only once a newer holder has written; the first check catches the stale
 * holder whichever writes first.
 */
public final class ProtectedResources {
    private final EventLoop loop;
    private final LockKeyTimeline timeline;
    private final Violations violations;
    /** (lock key) -> highest token accepted; looked up, never iterated. */
    private final Map<ByteString, Long> highest = new HashMap<>();
    private long accepted;
    private long refused;

    public ProtectedResources(EventLoop loop, LockKeyTimeline timeline, Violations violations) {
        this.loop = loop;
        this.timeline = timeline;
        this.violations = violations;
    }

    /** A holder of {@code lockKey} writes with {@code token}; true when the resource accepted it. */
    public boolean write(ByteString lockKey, long token, long clientId) {
        long seen = highest.getOrDefault(lockKey, 0L);
        if (token < seen) {
            refused++;
            return false;
        }
        // Accepted tokens never decrease: this is the only place that accepts, and it checked above.
        accepted++;
        highest.put(lockKey, token);
        long end = timeline.endMicros(lockKey, token);
        if (end == LockKeyTimeline.NEVER_CREATED) {
            report("client " + clientId + " wrote to the resource of " + lockKey.toStringUtf8() + " with token " + token
                    + ", but the key was never created at that revision");
        } else if (end != LockKeyTimeline.ALIVE) {
            report("client " + clientId + " wrote to the resource of " + lockKey.toStringUtf8() + " with token " + token
                    + ", but that lock key was deleted or replaced at t=" + end + "us");
        }
        return true;
    }

    public long accepted() {
        return accepted;
    }

    public long refused() {
        return refused;
    }

    private void report(String what) {
        violations.report(0, Invariant.LOCK_SAFETY, what + " (now t=" + loop.nowMicros() + "us)");
    }
}
