package io.raftkv.simulator.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NodeClockTest {

    @Test
    void skewOffsetsTheReadingAndDriftScalesIt() {
        NodeClock clock = new NodeClock(5_000, 100_000);
        assertEquals(5_000, clock.localMicros(0));
        assertEquals(5_000 + 1_100_000, clock.localMicros(1_000_000));
    }

    @Test
    void aFastClockFiresTimersEarlierInVirtualTime() {
        NodeClock fast = new NodeClock(0, 100_000);
        NodeClock slow = new NodeClock(0, -100_000);
        assertEquals(90_910, fast.virtualDelayMicros(100_000));
        assertEquals(111_112, slow.virtualDelayMicros(100_000));
        assertEquals(100_000, new NodeClock(0, 0).virtualDelayMicros(100_000));
    }

    @Test
    void driftChangesAndJumpsNeverMoveTheReadingBack() {
        NodeClock clock = new NodeClock(0, 50_000);
        long before = clock.localMicros(1_000_000);
        clock.setDrift(1_000_000, -200_000);
        assertEquals(before, clock.localMicros(1_000_000));
        clock.jumpForward(1_000_000, 3_000);
        assertEquals(before + 3_000, clock.localMicros(1_000_000));
        assertTrue(clock.localMicros(2_000_000) > before + 3_000);
        assertThrows(IllegalStateException.class, () -> clock.jumpForward(2_000_000, -1));
    }

    @Test
    void driftBeyondTheLimitIsRefused() {
        assertThrows(IllegalStateException.class, () -> new NodeClock(0, NodeClock.DRIFT_PPM_LIMIT));
    }
}
