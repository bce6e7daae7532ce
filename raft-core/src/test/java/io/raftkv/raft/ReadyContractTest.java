package io.raftkv.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.raft.message.AppendEntries;
import io.raftkv.raft.message.Heartbeat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReadyContractTest {
    private static final List<Long> THREE = List.of(1L, 2L, 3L);

    private static RaftCore follower(PersistentState restored) {
        return RaftCore.create(RaftConfig.builder(2, THREE).build(), restored, new SplittableRandom(2));
    }

    @Test
    void freshNodeHasNothingToDo() {
        assertFalse(follower(PersistentState.EMPTY).hasReady());
    }

    @Test
    void softAndHardStateAppearOnlyWhenChanged() {
        RaftCore core = follower(PersistentState.EMPTY);
        core.step(new Heartbeat(1, 2, 1, 0, 0));
        Ready first = core.ready();
        assertEquals(new SoftState(Role.FOLLOWER, 1, 1), first.softState());
        assertEquals(new HardState(1, 0, 0), first.hardState());
        core.advance(first);
        core.step(new Heartbeat(1, 2, 1, 0, 0));
        Ready second = core.ready();
        assertNull(second.softState());
        assertNull(second.hardState());
        assertEquals(1, second.messagesAfterPersist().size());
    }

    @Test
    void inputsBetweenReadyAndAdvanceAreNotLost() {
        RaftCore core = follower(PersistentState.EMPTY);
        core.step(new AppendEntries(1, 2, 1, 0, 0, List.of(Entry.noop(1, 1)), 0));
        Ready first = core.ready();
        core.step(new AppendEntries(1, 2, 1, 1, 1, List.of(Entry.noop(2, 1)), 0));
        core.advance(first);
        Ready second = core.ready();
        assertEquals(List.of(Entry.noop(2, 1)), second.entries());
        assertEquals(1, second.messagesAfterPersist().size());
    }

    @Test
    void advanceIgnoresHandedEntriesThatWereReplacedMeanwhile() {
        RaftCore core = follower(PersistentState.EMPTY);
        core.step(new AppendEntries(1, 2, 1, 0, 0, List.of(Entry.noop(1, 1), Entry.noop(2, 1)), 0));
        Ready first = core.ready();
        core.step(new AppendEntries(3, 2, 2, 1, 1, List.of(Entry.noop(2, 2)), 0));
        core.advance(first);
        assertEquals(List.of(Entry.noop(2, 2)), core.ready().entries(), "the replacement must still be written");
    }

    @Test
    void restoredCommitIndexNeverExceedsRestoredLog() {
        RaftCore core = follower(new PersistentState(new HardState(1, 0, 5), List.of(Entry.noop(1, 1)), 0));
        assertEquals(1, core.status().commitIndex());
        Ready ready = core.ready();
        assertNotNull(ready);
        assertEquals(List.of(Entry.noop(1, 1)), ready.committedEntries(), "restored committed entries are re-applied");
    }

    @Test
    void theSevenFieldReadyHasNoSnapshotWork() {
        Ready ready = new Ready(null, null, List.of(), List.of(), List.of(), List.of(), List.of());
        assertNull(ready.snapshot());
        assertTrue(ready.snapshotsToSend().isEmpty());
        assertTrue(ready.snapshotChunks().isEmpty());
        assertFalse(ready.needsPersist());
        assertEquals(PersistentState.EMPTY, new PersistentState(HardState.INITIAL, List.of(), 0, SnapshotMeta.NONE));
    }

    @Test
    void restoredStateIsValidated() {
        assertThrows(IllegalArgumentException.class,
                () -> follower(new PersistentState(new HardState(1, 0, 0), List.of(Entry.noop(2, 1)), 0)));
        assertThrows(IllegalArgumentException.class,
                () -> follower(new PersistentState(new HardState(1, 0, 0), List.of(Entry.noop(1, 2)), 0)));
        assertThrows(IllegalArgumentException.class,
                () -> follower(new PersistentState(new HardState(1, 9, 0), List.of(), 0)));
        assertThrows(IllegalArgumentException.class,
                () -> follower(new PersistentState(new HardState(1, 0, 0), List.of(), 3)));
        assertTrue(follower(new PersistentState(new HardState(1, 0, 0), List.of(Entry.noop(1, 1)), 1)).status().appliedIndex() == 1);
    }
}
