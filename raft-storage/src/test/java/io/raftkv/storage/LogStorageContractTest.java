package io.raftkv.storage;

import static io.raftkv.storage.Writes.durably;
import static io.raftkv.storage.Writes.entries;
import static io.raftkv.storage.Writes.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.raftkv.raft.Entry;
import io.raftkv.raft.HardState;
import io.raftkv.raft.PersistentState;
import io.raftkv.raft.runtime.LogStorage;
import io.raftkv.raft.runtime.MemoryLogStorage;
import io.raftkv.raft.util.Check;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract of {@link LogStorage}, run against every implementation: the in-memory one the
 * simulator uses and the RocksDB one production uses must agree. Each implementation comes as a
 * {@link Subject} (composition, not a subclass per implementation); "restart" means what a node
 * restart means for it: the same instance for memory, close and reopen for RocksDB.
 */
class LogStorageContractTest {

    /** Opens an implementation on a fresh directory and restarts it. */
    record Subject(String name, Opener opener) {
        @Override
        public String toString() {
            return name;
        }
    }

    interface Opener {
        Running open(Path dir) throws IOException;
    }

    interface Running {
        LogStorage storage();

        /** The storage as a restarted node finds it. */
        Running restart() throws IOException;

        void close();
    }

    static Stream<Subject> subjects() {
        return Stream.of(new Subject("memory", dir -> memory(new MemoryLogStorage())),
                new Subject("rocksdb", LogStorageContractTest::rocks));
    }

    private static Running memory(MemoryLogStorage storage) {
        return new Running() {
            public LogStorage storage() {
                return storage;
            }

            public Running restart() {
                return this;
            }

            public void close() {
                storage.close();
            }
        };
    }

    private static Running rocks(Path dir) throws IOException {
        RocksDbLogStorage storage = RocksDbLogStorage.open(dir, "contract", 1, StorageOptions.defaults());
        return new Running() {
            public LogStorage storage() {
                return storage;
            }

            public Running restart() throws IOException {
                storage.close();
                return rocks(dir);
            }

            public void close() {
                storage.close();
            }
        };
    }

    @TempDir
    Path dir;
    private Running running;

    private LogStorage open(Subject subject) throws IOException {
        running = subject.opener().open(dir);
        return running.storage();
    }

    private PersistentState loadAfterRestart() throws IOException {
        running = running.restart();
        return running.storage().load();
    }

    @AfterEach
    void close() {
        if (running != null) {
            running.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void aNewStorageIsEmpty(Subject subject) throws IOException {
        LogStorage storage = open(subject);

        PersistentState state = storage.load();

        assertEquals(HardState.INITIAL, state.hardState());
        assertEquals(List.of(), state.entries());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void appendedEntriesLoadBackAfterARestart(Subject subject) throws IOException {
        LogStorage storage = open(subject);
        durably(storage, null, entries(1, 3, 1));
        durably(storage, null, entries(4, 10, 2));

        PersistentState state = loadAfterRestart();

        List<Entry> expected = new ArrayList<>(entries(1, 3, 1));
        expected.addAll(entries(4, 10, 2));
        assertEquals(expected, state.entries());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void anAppendReplacesTheConflictingSuffixWhole(Subject subject) throws IOException {
        LogStorage storage = open(subject);
        durably(storage, null, entries(1, 10, 1));

        durably(storage, null, entries(4, 6, 2));

        List<Entry> expected = new ArrayList<>(entries(1, 3, 1));
        expected.addAll(entries(4, 6, 2));
        assertEquals(expected, loadAfterRestart().entries(), "entries 7..10 of term 1 must be gone");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void anAppendMayExtendPastTheOldEnd(Subject subject) throws IOException {
        LogStorage storage = open(subject);
        durably(storage, null, entries(1, 5, 1));

        durably(storage, null, entries(3, 8, 2));

        List<Entry> expected = new ArrayList<>(entries(1, 2, 1));
        expected.addAll(entries(3, 8, 2));
        assertEquals(expected, loadAfterRestart().entries());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void hardStateIsSavedWithoutEntries(Subject subject) throws IOException {
        LogStorage storage = open(subject);
        durably(storage, null, entries(1, 2, 1));

        durably(storage, new HardState(3, 2, 1), List.of());

        PersistentState state = loadAfterRestart();
        assertEquals(new HardState(3, 2, 1), state.hardState());
        assertEquals(entries(1, 2, 1), state.entries(), "a hard-state-only write leaves the log alone");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void hardStateIsSavedWithEntriesAndTheLatestWins(Subject subject) throws IOException {
        LogStorage storage = open(subject);
        durably(storage, new HardState(1, 1, 0), entries(1, 2, 1));
        durably(storage, new HardState(2, 3, 2), entries(3, 3, 2));
        durably(storage, null, entries(4, 4, 2));

        PersistentState state = loadAfterRestart();

        assertEquals(new HardState(2, 3, 2), state.hardState(), "a write without hard state keeps the last one");
        assertEquals(4, state.entries().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void callbacksRunInIssueOrder(Subject subject) throws IOException {
        LogStorage storage = open(subject);
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> all = new ArrayList<>();
        int writes = 200;

        for (int i = 0; i < writes; i++) {
            int n = i;
            CompletableFuture<Void> durable = new CompletableFuture<>();
            all.add(durable.thenRun(() -> order.add(n)));
            storage.write(null, List.of(entry(i + 1, 1)), Writes.callback(durable));
        }
        all.forEach(Writes::await);

        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < writes; i++) {
            expected.add(i);
        }
        assertEquals(expected, order);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void anAppendThatLeavesAGapIsRefusedAndChangesNothing(Subject subject) throws IOException {
        LogStorage storage = open(subject);
        durably(storage, null, entries(1, 3, 1));

        assertThrows(Check.InvariantViolation.class,
                () -> storage.write(null, entries(5, 6, 1), Writes.callback(new CompletableFuture<>())));

        assertEquals(entries(1, 3, 1), loadAfterRestart().entries());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void anEmptyLogRefusesAnAppendThatDoesNotStartAtOne(Subject subject) throws IOException {
        LogStorage storage = open(subject);

        assertThrows(Check.InvariantViolation.class,
                () -> storage.write(null, entries(2, 2, 1), Writes.callback(new CompletableFuture<>())));
    }

}
