package io.raftkv.simulator.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
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
}
