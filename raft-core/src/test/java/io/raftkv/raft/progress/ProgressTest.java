package io.raftkv.raft.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.raft.util.Check;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void inflightWindowIsBoundedByCountAndBytes() {
        Inflights byCount = new Inflights(2, 1000);
        byCount.add(1, 10);
        byCount.add(2, 10);
        assertTrue(byCount.full());
        assertThrows(Check.InvariantViolation.class, () -> byCount.add(3, 10));
        byCount.freeTo(1);
        assertFalse(byCount.full());

        Inflights byBytes = new Inflights(10, 100);
        byBytes.add(5, 150); // one append may overshoot
        assertTrue(byBytes.full());
        byBytes.freeTo(5);
        assertEquals(0, byBytes.bytes());
    }

    @Test
    void probeSendsOneAppendUntilAnswered() {
        Progress progress = new Progress(5, 4, 1000);
        assertFalse(progress.isPaused());
        progress.sent(7, 30, true, 0);
        assertTrue(progress.isPaused());
        assertEquals(5, progress.nextIndex(), "a probe does not move nextIndex");
        progress.resumeProbe();
        assertFalse(progress.isPaused());
    }

    @Test
    void replicatePipelinesAndAcknowledgementsFreeTheWindow() {
        Progress progress = new Progress(1, 2, 1000);
        progress.maybeUpdate(0);
        progress.becomeReplicate();
        progress.sent(3, 10, true, 0);
        progress.sent(6, 10, true, 0);
        assertEquals(7, progress.nextIndex());
        assertTrue(progress.isPaused());
        assertTrue(progress.maybeUpdate(3));
        assertFalse(progress.isPaused());
        assertFalse(progress.maybeUpdate(2), "a stale acknowledgement never moves match back");
        assertEquals(3, progress.matchIndex());
    }

    @Test
    void probeNeverGoesBelowMatch() {
        Progress progress = new Progress(1, 2, 1000);
        progress.maybeUpdate(8);
        progress.becomeProbe(3);
        assertEquals(9, progress.nextIndex());
    }

    @Test
    void aFollowerBeingSentASnapshotGetsNoAppendsUntilItAcknowledgesOrTheSendFails() {
        Progress progress = new Progress(3, 4, 1000);
        progress.becomeSnapshot(10);
        assertEquals(ProgressState.SNAPSHOT, progress.state());
        assertTrue(progress.isPaused());
        progress.resumeProbe(); // a heartbeat answer does not resume a snapshot
        assertTrue(progress.isPaused());
        progress.snapshotFailed();
        assertEquals(ProgressState.PROBE, progress.state());
        assertEquals(1, progress.nextIndex());
        assertTrue(progress.isPaused(), "the retry waits for the next heartbeat answer");
        progress.resumeProbe();
        assertFalse(progress.isPaused());
    }

    @Test
    void aSnapshotIsOnlyForAFollowerThatNeedsIt() {
        Progress progress = new Progress(11, 4, 1000);
        assertThrows(Check.InvariantViolation.class, () -> progress.becomeSnapshot(10));
        assertThrows(Check.InvariantViolation.class, progress::snapshotFailed);
    }
}
