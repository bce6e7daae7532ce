package io.raftkv.simulator.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.runtime.SnapshotStore;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The simulated store keeps SnapshotStore's contract across crashes: durable on commit, nothing partial. */
class SimulatedSnapshotStoreTest {
    private final SimulatedSnapshotStore machine = new SimulatedSnapshotStore();
    private static final SnapshotMeta FIRST = new SnapshotMeta(300, 2);
    private static final SnapshotMeta SECOND = new SnapshotMeta(600, 3);

    @Test
    void aCommittedSnapshotSurvivesACrashWhole() throws IOException {
        SnapshotStore store = machine.open();
        SnapshotStore.SnapshotWriter writer = store.begin(FIRST);
        writer.output().write(new byte[] {1, 2, 3});
        writer.commit();
        machine.crash();
        SnapshotStore restarted = machine.open();
        assertEquals(Optional.of(FIRST), restarted.latest());
        assertArrayEquals(new byte[] {1, 2, 3}, restarted.open(FIRST).readAllBytes());
    }

    @Test
    void aSnapshotStillBeingWrittenOrReceivedAtTheCrashIsLostWholeEvenIfTheDyingProcessCommitsIt() throws IOException {
        SnapshotStore store = machine.open();
        SnapshotStore.SnapshotWriter writer = store.begin(SECOND);
        writer.output().write(new byte[] {9, 9});
        assertEquals(Optional.empty(), store.latest(), "invisible before its commit");
        machine.crash();
        writer.output().write(new byte[] {9});
        writer.commit();
        SnapshotStore restarted = machine.open();
        assertEquals(Optional.empty(), restarted.latest());
        assertEquals(List.of(), restarted.list());
        assertEquals(SnapshotMeta.NONE, machine.latest());
    }
}
