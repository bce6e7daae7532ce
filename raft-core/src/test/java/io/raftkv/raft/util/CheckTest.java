package io.raftkv.raft.util;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CheckTest {
    @Test
    void aFailedCheckNamesTheInvariantWithItsValues() {
        assertEquals("invariant violated: index 7 is behind the log's start 9",
                assertThrows(Check.InvariantViolation.class,
                        () -> Check.that(false, "index %d is behind the log's start %d", 7L, 9L)).getMessage());
        assertEquals("invariant violated: a=1",
                assertThrows(Check.InvariantViolation.class, () -> Check.that(false, "a=%d", 1L)).getMessage());
        assertEquals("invariant violated: 1 2 3",
                assertThrows(Check.InvariantViolation.class, () -> Check.that(false, "%d %d %d", 1L, 2L, 3L)).getMessage());
        assertEquals("invariant violated: x and y",
                assertThrows(Check.InvariantViolation.class, () -> Check.that(false, "%s and %s", "x", "y")).getMessage());
    }

    @Test
    void aPassingCheckDoesNothing() {
        assertDoesNotThrow(() -> Check.that(true, "never shown %d %d", 1L, 2L));
        assertDoesNotThrow(() -> Check.that(true, "never shown"));
    }
}
