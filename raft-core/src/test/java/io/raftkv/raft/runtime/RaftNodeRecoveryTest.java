package io.raftkv.raft.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.raftkv.raft.Entry;
import io.raftkv.raft.HardState;
import io.raftkv.raft.RaftConfig;
import io.raftkv.raft.SnapshotMeta;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** What a node does at start when its snapshot store and its log disagree. */
class RaftNodeRecoveryTest {
    private static final RaftConfig CONFIG = RaftConfig.builder(1, List.of(1L, 2L, 3L)).build();

    /** Restores nothing of interest: these tests are about the log, not the state. */
    private static final class BlankStateMachine implements SnapshottingStateMachine {
        @Override
        public ByteString apply(long index, ByteString command) {
            return ByteString.EMPTY;
        }

        @Override
        public void writeSnapshot(OutputStream out) {}

        @Override
        public void restoreSnapshot(InputStream in) throws IOException {
            in.readAllBytes();
        }
    }

    private static MemoryLogStorage logOf(long lastIndex, long commitIndex, long compactedThrough) {
        MemoryLogStorage storage = new MemoryLogStorage();
        List<Entry> entries = new ArrayList<>();
        for (long index = 1; index <= lastIndex; index++) {
            entries.add(Entry.normal(index, 1, ByteString.copyFromUtf8("e" + index)));
        }
        storage.write(new HardState(1, 1, commitIndex), entries, new LogStorage.WriteCallback() {
            @Override
            public void onDurable() {}

            @Override
            public void onFailure(Exception cause) {
                throw new AssertionError(cause);
            }
        });
        storage.compactThrough(compactedThrough);
        return storage;
    }

    private static MemorySnapshotStore storeWith(SnapshotMeta meta) throws IOException {
        MemorySnapshotStore store = new MemorySnapshotStore();
        SnapshotStore.SnapshotWriter writer = store.begin(meta);
        writer.output().write(new byte[] {1, 2, 3});
        writer.commit();
        return store;
    }

    private static RaftNode start(MemoryLogStorage log, MemorySnapshotStore store) throws IOException {
        return RaftNode.start(CONFIG, log, store, SnapshotOptions.builder().build(), message -> {},
                new BlankStateMachine(), new ManualScheduler(), new SplittableRandom(1), RaftObserver.NONE);
    }

    @Test
    void aLogThatStartsBeyondTheNewestReadableSnapshotRefusesToStartAndKeepsItsEntries() throws IOException {
        // Compacted through 35 behind a snapshot at 40 that is now unreadable; only the one at 20 is left.
        MemoryLogStorage log = logOf(50, 50, 35);
        List<Entry> before = log.entries();
        IOException refused = assertThrows(IOException.class, () -> start(log, storeWith(new SnapshotMeta(20, 1))));
        assertTrue(refused.getMessage().contains("entries 21..35 are in neither"), refused.getMessage());
        assertEquals(before, log.entries(), "a refused start must not touch the log");
    }

    @Test
    void aCommitIndexBeyondEverythingRestorableRefusesToStart() throws IOException {
        // Everything through 50 was compacted away behind a lost snapshot; the commit index remembers 50.
        MemoryLogStorage log = logOf(50, 50, 50);
        IOException refused = assertThrows(IOException.class, () -> start(log, storeWith(new SnapshotMeta(20, 1))));
        assertTrue(refused.getMessage().contains("committed but its snapshot and log hold only up to 20"),
                refused.getMessage());
    }

    @Test
    void aLogThatContinuesFromTheSnapshotStarts() throws IOException {
        MemoryLogStorage log = logOf(50, 50, 20);
        RaftNode node = start(log, storeWith(new SnapshotMeta(20, 1)));
        assertEquals(1, node.id());
    }
}
