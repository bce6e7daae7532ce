package io.raftkv.simulator.kv;

import com.google.protobuf.ByteString;
import io.raftkv.kv.recipe.FencedResource;
import io.raftkv.kv.recipe.FencingToken;
import io.raftkv.simulator.check.Invariant;
import io.raftkv.simulator.check.Violations;
import io.raftkv.simulator.loop.EventKind;
import io.raftkv.simulator.loop.EventLoop;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The resources the locks protect, one per raw lock key and one per mutex, each a
 * {@link FencedResource}: it accepts a write only with a token (the holding key's create revision)
 * at least as high as the highest it has accepted.
 *
 * <p>Lock safety, checked at each accepted write: the writer's lock key incarnation (the one its
 * token names) must still be alive at that instant, neither deleted nor replaced (see {@link
 * LockKeyTimeline}); for a mutex, its key must also hold the queue, the lowest create revision
 * under the mutex's prefix (mutual exclusion: two holders whose keys are live at the same revision
 * never both write); and accepted tokens never decrease. Fencing turns a late write of a stale
 * holder into a refusal only once a newer holder has written; the first check catches the stale
 * holder whichever writes first.
 *
 * <p>A write may also be sent late ({@link #send}): checked as above when the holder sends it (accepted or not),
 * it reaches the resource only after a delay, as a write held up by a stalled process or network.
 * Then only fencing stands between it and the resource: it must be refused if a later holder has
 * written; if none has, it is accepted (fencing cannot know better) and counted as
 * {@link Counts#lateAcceptedStale}.
 */
public final class ProtectedResources {
    private final EventLoop loop;
    private final LockKeyTimeline timeline;
    private final MutexQueues queues;
    private final Violations violations;
    /** (resource name) -> the resource; looked up, never iterated. */
    private final Map<ByteString, FencedResource<Counter>> resources = new HashMap<>();
    private final Counts raw = new Counts();
    private final Counts mutex = new Counts();

    /** What one kind of holder did to the resources. */
    public static final class Counts {
        long accepted;
        long refused;
        long late;
        long lateRefused;
        long lateAcceptedStale;

        public long accepted() {
            return accepted;
        }

        public long refused() {
            return refused;
        }

        /** Writes delivered late. */
        public long late() {
            return late;
        }

        public long lateRefused() {
            return lateRefused;
        }

        /** Late writes accepted although their key was gone by then: no later holder had written yet. */
        public long lateAcceptedStale() {
            return lateAcceptedStale;
        }

        public Writes snapshot() {
            return new Writes(accepted, refused, late, lateRefused, lateAcceptedStale);
        }
    }

    /** {@link Counts} at one moment, as a value. */
    public record Writes(long accepted, long refused, long late, long lateRefused, long lateAcceptedStale) {}

    /** What a resource keeps: how many writes it accepted. */
    private static final class Counter {
        long writes;
    }

    /**
     * Who writes: the holder of {@code key} (created at {@code token}) under the lock {@code name};
     * {@code queuePrefix} is the mutex's queue, or null for a raw lock (whose key is its name).
     */
    private record Write(ByteString name, ByteString key, ByteString queuePrefix, long token, long clientId) {
        boolean isMutex() {
            return queuePrefix != null;
        }
    }

    public ProtectedResources(EventLoop loop, LockKeyTimeline timeline, Violations violations) {
        this(loop, timeline, new MutexQueues(List.of()), violations);
    }

    ProtectedResources(EventLoop loop, LockKeyTimeline timeline, MutexQueues queues, Violations violations) {
        this.loop = loop;
        this.timeline = timeline;
        this.queues = queues;
        this.violations = violations;
    }

    /** A holder of the raw lock key {@code lockKey} writes with {@code token}; true when the resource accepted it. */
    public boolean write(ByteString lockKey, long token, long clientId) {
        return deliver(new Write(lockKey, lockKey, null, token, clientId), false);
    }

    /** The holder of mutex {@code name} (its key {@code key}, created at {@code token}) writes. */
    public boolean writeAsMutexHolder(ByteString name, ByteString key, long token, long clientId) {
        return deliver(new Write(name, key, prefix(name), token, clientId), false);
    }

    /** A raw lock holder sends a write that reaches the resource {@code delayMicros} later. */
    public void send(ByteString lockKey, long token, long clientId, long delayMicros) {
        sendLate(new Write(lockKey, lockKey, null, token, clientId), delayMicros);
    }

    /** A mutex holder sends a write that reaches the resource {@code delayMicros} later. */
    public void sendAsMutexHolder(ByteString name, ByteString key, long token, long clientId, long delayMicros) {
        sendLate(new Write(name, key, prefix(name), token, clientId), delayMicros);
    }

    public Counts raw() {
        return raw;
    }

    public Counts mutex() {
        return mutex;
    }

    public long accepted() {
        return raw.accepted + mutex.accepted;
    }

    public long refused() {
        return raw.refused + mutex.refused;
    }

    static ByteString prefix(ByteString mutexName) {
        return mutexName.concat(ByteString.copyFromUtf8("/"));
    }

    private void sendLate(Write write, long delayMicros) {
        checkHolder(write);
        loop.after(delayMicros, EventKind.CLIENT_NEXT, 0, write.clientId(), () -> deliver(write, true));
    }

    private boolean deliver(Write write, boolean late) {
        Counts counts = write.isMutex() ? mutex : raw;
        FencedResource<Counter> resource = resources.computeIfAbsent(write.name(), name -> new FencedResource<>(new Counter()));
        FencedResource.Result<Long> result = resource.apply(new FencingToken(write.token()), c -> ++c.writes);
        boolean accepted = result instanceof FencedResource.Accepted;
        if (late) {
            counts.late++;
        }
        if (!accepted) {
            counts.refused++;
            counts.lateRefused += late ? 1 : 0;
            return false;
        }
        // Accepted tokens never decrease: FencedResource admits none below the highest it accepted.
        counts.accepted++;
        if (!late) {
            checkHolder(write);
        } else if (timeline.endMicros(write.key(), write.token()) != LockKeyTimeline.ALIVE) {
            counts.lateAcceptedStale++;
        }
        return true;
    }

    /** The holder's key must be alive as the holder writes, and a mutex's key must hold its queue. */
    private void checkHolder(Write write) {
        String who = "client " + write.clientId() + " wrote to the resource of " + write.name().toStringUtf8()
                + " with token " + write.token();
        long end = timeline.endMicros(write.key(), write.token());
        if (end == LockKeyTimeline.NEVER_CREATED) {
            report(who + ", but its key " + write.key().toStringUtf8() + " was never created at that revision");
        } else if (end != LockKeyTimeline.ALIVE) {
            report(who + ", but its key " + write.key().toStringUtf8() + " was deleted or replaced at t=" + end + "us");
        } else if (write.isMutex() && queues.holderRevision(write.queuePrefix()) != write.token()) {
            report(who + ", but the key holding the mutex was created at revision "
                    + queues.holderRevision(write.queuePrefix()) + ": two holders at once");
        }
    }

    private void report(String what) {
        violations.report(0, Invariant.LOCK_SAFETY, what + " (now t=" + loop.nowMicros() + "us)");
    }
}
