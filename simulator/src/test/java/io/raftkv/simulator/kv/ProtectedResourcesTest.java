package io.raftkv.simulator.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.raftkv.kv.mvcc.MvccStore;
import io.raftkv.kv.proto.DeleteRangeRequest;
import io.raftkv.kv.proto.PutRequest;
import io.raftkv.kv.proto.RequestOp;
import io.raftkv.simulator.check.Invariant;
import io.raftkv.simulator.check.Violation;
import io.raftkv.simulator.check.Violations;
import io.raftkv.simulator.loop.EventLoop;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtectedResourcesTest {
    private static final ByteString LOCK = ByteString.copyFromUtf8("lock/0");

    private final EventLoop loop = new EventLoop();
    private final Violations violations = new Violations(loop);
    private final LockKeyTimeline timeline = new LockKeyTimeline();
    private final ProtectedResources resources = new ProtectedResources(loop, timeline, violations);
    private static final ByteString MUTEX = ByteString.copyFromUtf8("mutex/0");
    private static final ByteString FIRST = ByteString.copyFromUtf8("mutex/0/a1");
    private static final ByteString SECOND = ByteString.copyFromUtf8("mutex/0/b2");
    private final MvccStore store = new MvccStore();
    private final MutexQueues queues = new MutexQueues(List.of(ProtectedResources.prefix(MUTEX)));
    private final ProtectedResources mutexes = new ProtectedResources(loop, timeline, queues, violations);

    private List<Invariant> found() {
        return violations.kept().stream().map(Violation::invariant).toList();
    }

    @Test
    void theTimelineEndsAnIncarnationWhenTheKeyIsDeletedOrReplaced() {
        assertEquals(LockKeyTimeline.NEVER_CREATED, timeline.endMicros(LOCK, 5));
        timeline.observe(LOCK, 5, 100);
        assertEquals(LockKeyTimeline.ALIVE, timeline.endMicros(LOCK, 5));
        timeline.observe(LOCK, 9, 200);
        assertEquals(200, timeline.endMicros(LOCK, 5));
        timeline.observe(LOCK, 0, 300);
        assertEquals(300, timeline.endMicros(LOCK, 9));
    }

    @Test
    void aHolderWhoseKeyIsAliveWritesAndALowerTokenIsRefusedWithoutAViolation() {
        timeline.observe(LOCK, 5, 0);
        timeline.observe(LOCK, 9, 0);
        assertTrue(resources.write(LOCK, 9, 1));
        assertFalse(resources.write(LOCK, 5, 2), "fenced: a lower token than one already seen");
        assertEquals(List.of(), found());
        assertEquals(1, resources.accepted());
        assertEquals(1, resources.refused());
    }

    @Test
    void aWriteAcceptedFromAHolderWhoseKeyWasAlreadyDeletedIsALockSafetyViolation() {
        timeline.observe(LOCK, 5, 0);
        timeline.observe(LOCK, 0, 0);
        assertTrue(resources.write(LOCK, 5, 1), "no newer holder has written: fencing alone lets it through");
        assertEquals(List.of(Invariant.LOCK_SAFETY), found());
    }

    @Test
    void aTokenTheKeyNeverHadIsALockSafetyViolation() {
        assertTrue(resources.write(LOCK, 3, 1));
        assertEquals(List.of(Invariant.LOCK_SAFETY), found());
    }

    @Test
    void theMutexHolderWritesButAWaiterWhoseKeyIsAliveTooIsTwoHoldersAtOnce() {
        long first = put(FIRST);
        long second = put(SECOND);
        queues.observe(store, timeline, 0);

        assertTrue(mutexes.writeAsMutexHolder(MUTEX, FIRST, first, 1));
        assertEquals(List.of(), found());
        assertTrue(mutexes.writeAsMutexHolder(MUTEX, SECOND, second, 2), "a higher token passes the fence");
        assertEquals(List.of(Invariant.LOCK_SAFETY), found(), "but the first key still holds the queue");
    }

    @Test
    void aLateWriteIsCheckedWhenSentAndFencedWhenItArrives() {
        long first = put(FIRST);
        queues.observe(store, timeline, 0);

        mutexes.sendAsMutexHolder(MUTEX, FIRST, first, 1, 5_000_000);
        delete(FIRST);
        long second = put(SECOND);
        queues.observe(store, timeline, 1_000_000);
        loop.runUntil(2_000_000);
        assertTrue(mutexes.writeAsMutexHolder(MUTEX, SECOND, second, 2));
        loop.runUntil(6_000_000);

        assertEquals(List.of(), found(), "sent while its key held; refused on arrival");
        assertEquals(1, mutexes.mutex().lateRefused());
        assertEquals(0, mutexes.mutex().lateAcceptedStale());
    }

    @Test
    void aLateWriteThatArrivesBeforeAnyLaterHolderWroteIsAcceptedAndCountedStale() {
        long first = put(FIRST);
        queues.observe(store, timeline, 0);

        mutexes.sendAsMutexHolder(MUTEX, FIRST, first, 1, 5_000_000);
        delete(FIRST);
        queues.observe(store, timeline, 1_000_000);
        loop.runUntil(6_000_000);

        assertEquals(List.of(), found());
        assertEquals(1, mutexes.mutex().lateAcceptedStale(), "fencing cannot know that the key is gone");
    }

    /** Puts {@code key}; its create revision. */
    private long put(ByteString key) {
        return store.write(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(key)).build(), lease -> true)
                .revision();
    }

    private void delete(ByteString key) {
        store.write(RequestOp.newBuilder().setRequestDeleteRange(DeleteRangeRequest.newBuilder().setKey(key)).build(),
                lease -> true);
    }
}
