package io.raftkv.storage;

import static io.raftkv.storage.Writes.durably;
import static io.raftkv.storage.Writes.entries;
import static io.raftkv.storage.Writes.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.raft.Entry;
import io.raftkv.raft.HardState;
import io.raftkv.raft.PersistentState;
import io.raftkv.raft.SnapshotMeta;
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
 * {@link ContractSubject} (composition, not a subclass per implementation); "restart" means what a node
 * restart means for it: the same instance for memory, close and reopen for RocksDB.
 */
class LogStorageContractTest {

    static Stream<ContractSubject<LogStorage>> subjects() {
        return Stream.of(
                new ContractSubject<LogStorage>("memory", dir -> {
                    MemoryLogStorage storage = new MemoryLogStorage();
                    return ContractSubject.inMemory(storage, storage::close);
                }),
                new ContractSubject<LogStorage>("rocksdb", LogStorageContractTest::rocks));
    }

    private static ContractSubject.Instance<LogStorage> rocks(Path dir) throws IOException {
        RocksDbLogStorage storage = RocksDbLogStorage.open(dir, "contract", 1, StorageOptions.defaults());
        return ContractSubject.onDisk(storage, storage::close, dir, LogStorageContractTest::rocks);
    }

    @TempDir
    Path dir;
    private ContractSubject.Instance<LogStorage> running;

    private LogStorage open(ContractSubject<LogStorage> subject) throws IOException {
        running = subject.opener().open(dir);
        return running.get();
    }

    private PersistentState loadAfterRestart() throws IOException {
        running = running.restart();
        return running.get().load();
    }

    @AfterEach
    void close() {
        if (running != null) {
            running.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void aNewStorageIsEmpty(ContractSubject<LogStorage> subject) throws IOException {
        LogStorage storage = open(subject);

        PersistentState state = storage.load();

        assertEquals(HardState.INITIAL, state.hardState());
        assertEquals(List.of(), state.entries());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void appendedEntriesLoadBackAfterARestart(ContractSubject<LogStorage> subject) throws IOException {
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
    void anAppendReplacesTheConflictingSuffixWhole(ContractSubject<LogStorage> subject) throws IOException {
        LogStorage storage = open(subject);
        durably(storage, null, entries(1, 10, 1));

        durably(storage, null, entries(4, 6, 2));

        List<Entry> expected = new ArrayList<>(entries(1, 3, 1));
        expected.addAll(entries(4, 6, 2));
        assertEquals(expected, loadAfterRestart().entries(), "entries 7..10 of term 1 must be gone");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void anAppendMayExtendPastTheOldEnd(ContractSubject<LogStorage> subject) throws IOException {
        LogStorage storage = open(subject);
        durably(storage, null, entries(1, 5, 1));

        durably(storage, null, entries(3, 8, 2));

        List<Entry> expected = new ArrayList<>(entries(1, 2, 1));
        expected.addAll(entries(3, 8, 2));
        assertEquals(expected, loadAfterRestart().entries());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void hardStateIsSavedWithoutEntries(ContractSubject<LogStorage> subject) throws IOException {
        LogStorage storage = open(subject);
        durably(storage, null, entries(1, 2, 1));

        durably(storage, new HardState(3, 2, 1), List.of());

        PersistentState state = loadAfterRestart();
        assertEquals(new HardState(3, 2, 1), state.hardState());
        assertEquals(entries(1, 2, 1), state.entries(), "a hard-state-only write leaves the log alone");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void hardStateIsSavedWithEntriesAndTheLatestWins(ContractSubject<LogStorage> subject) throws IOException {
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
    void callbacksRunInIssueOrder(ContractSubject<LogStorage> subject) throws IOException {
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
    void anAppendThatLeavesAGapIsRefusedAndChangesNothing(ContractSubject<LogStorage> subject) throws IOException {
        LogStorage storage = open(subject);
        durably(storage, null, entries(1, 3, 1));

        assertThrows(Check.InvariantViolation.class,
                () -> storage.write(null, entries(5, 6, 1), Writes.callback(new CompletableFuture<>())));

        assertEquals(entries(1, 3, 1), loadAfterRestart().entries());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void anEmptyLogRefusesAnAppendThatDoesNotStartAtOne(ContractSubject<LogStorage> subject) throws IOException {
        LogStorage storage = open(subject);

        assertThrows(Check.InvariantViolation.class,
                () -> storage.write(null, entries(2, 2, 1), Writes.callback(new CompletableFuture<>())));
    }

    // ---- snapshots: install and compaction (LogStorage.installSnapshot, LogStorage.compactThrough)

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void anInstalledSnapshotLoadsBackAsTheBoundaryWithOnlyTheEntriesAfterIt(ContractSubject<LogStorage> subject) throws IOException {
        LogStorage storage = open(subject);
        durably(storage, null, entries(1, 10, 1));

        storage.installSnapshot(new SnapshotMeta(5, 1));
        durably(storage, null, List.of());   // the install is durable by the next write's acknowledgement

        PersistentState state = loadAfterRestart();
        assertEquals(new SnapshotMeta(5, 1), state.snapshot());
        assertEquals(entries(6, 10, 1), state.entries(), "the suffix matches the snapshot's term: it is kept");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void anInstallDropsASuffixThatConflictsWithTheSnapshot(ContractSubject<LogStorage> subject) throws IOException {
        LogStorage storage = open(subject);
        durably(storage, null, entries(1, 10, 1));

        storage.installSnapshot(new SnapshotMeta(7, 2));
        durably(storage, null, entries(8, 9, 2));

        PersistentState state = loadAfterRestart();
        assertEquals(new SnapshotMeta(7, 2), state.snapshot());
        assertEquals(entries(8, 9, 2), state.entries(), "entry 7 has term 1, not 2: nothing stored follows the snapshot");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void anInstallBeyondTheEndOfTheLogAcceptsAWriteRightAfterIt(ContractSubject<LogStorage> subject) throws IOException {
        LogStorage storage = open(subject);
        durably(storage, null, entries(1, 3, 1));

        storage.installSnapshot(new SnapshotMeta(100, 3));
        durably(storage, new HardState(3, 0, 100), entries(101, 102, 3));

        PersistentState state = loadAfterRestart();
        assertEquals(new SnapshotMeta(100, 3), state.snapshot());
        assertEquals(entries(101, 102, 3), state.entries());
        assertEquals(new HardState(3, 0, 100), state.hardState());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void aRestartRightAfterAnInstallStillAcceptsTheWriteAfterTheSnapshot(ContractSubject<LogStorage> subject) throws IOException {
        LogStorage storage = open(subject);
        storage.installSnapshot(new SnapshotMeta(50, 2));
        durably(storage, new HardState(2, 0, 50), List.of());
        loadAfterRestart();

        durably(running.get(), null, entries(51, 51, 2));

        PersistentState state = loadAfterRestart();
        assertEquals(new SnapshotMeta(50, 2), state.snapshot());
        assertEquals(entries(51, 51, 2), state.entries());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void anInstallIsOrderedWithTheWritesIssuedAroundIt(ContractSubject<LogStorage> subject) throws IOException {
        LogStorage storage = open(subject);

        // One flight: nothing is awaited until the last write.
        Writes.issue(storage, null, entries(1, 5, 1));
        Writes.issue(storage, null, entries(4, 8, 2));       // entry 5 now has term 2
        storage.installSnapshot(new SnapshotMeta(5, 1));     // so the suffix 6..8 does not follow (5, 1)
        Writes.await(Writes.issue(storage, new HardState(3, 0, 5), List.of()));

        PersistentState state = loadAfterRestart();
        assertEquals(new SnapshotMeta(5, 1), state.snapshot());
        assertEquals(List.of(), state.entries(), "judged against entry 5 as the write before the install left it");
        assertEquals(new HardState(3, 0, 5), state.hardState());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void anInstallInTheSameFlightKeepsTheSuffixItsEarlierWritesLeftMatching(ContractSubject<LogStorage> subject) throws IOException {
        LogStorage storage = open(subject);

        Writes.issue(storage, null, entries(1, 4, 1));
        Writes.issue(storage, null, entries(5, 8, 2));
        storage.installSnapshot(new SnapshotMeta(6, 2));
        Writes.await(Writes.issue(storage, null, entries(9, 9, 2)));

        PersistentState state = loadAfterRestart();
        assertEquals(new SnapshotMeta(6, 2), state.snapshot());
        assertEquals(entries(7, 9, 2), state.entries());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void anAppendAtOrBelowAnInstalledSnapshotIsRefused(ContractSubject<LogStorage> subject) throws IOException {
        LogStorage storage = open(subject);
        durably(storage, null, entries(1, 10, 1));
        storage.installSnapshot(new SnapshotMeta(5, 1));

        assertThrows(Check.InvariantViolation.class,
                () -> storage.write(null, entries(5, 6, 2), Writes.callback(new CompletableFuture<>())));
        durably(storage, null, List.of());

        assertEquals(entries(6, 10, 1), loadAfterRestart().entries());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void compactionDropsThePrefixAndTheLogStillLoads(ContractSubject<LogStorage> subject) throws IOException {
        LogStorage storage = open(subject);
        durably(storage, null, entries(1, 10, 1));

        storage.compactThrough(4);
        durably(storage, null, entries(11, 12, 2));

        PersistentState state = loadAfterRestart();
        assertEquals(SnapshotMeta.NONE, state.snapshot(), "a compaction is no snapshot install");
        List<Entry> loaded = state.entries();
        assertTrue(loaded.get(0).index() <= 5, "the log may keep a compacted prefix, never lose what follows it");
        List<Entry> expected = new ArrayList<>(entries(5, 10, 1));
        expected.addAll(entries(11, 12, 2));
        assertEquals(expected, loaded.subList((int) (5 - loaded.get(0).index()), loaded.size()));
        assertEquals(entries(11, 12, 2), loaded.subList(loaded.size() - 2, loaded.size()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void compactionThenInstallThenMoreWritesLoadBack(ContractSubject<LogStorage> subject) throws IOException {
        LogStorage storage = open(subject);
        durably(storage, null, entries(1, 20, 1));
        storage.compactThrough(10);
        durably(storage, null, entries(21, 25, 2));
        loadAfterRestart();

        running.get().installSnapshot(new SnapshotMeta(22, 2));
        running.get().compactThrough(15);   // behind the snapshot: nothing left to drop
        durably(running.get(), null, entries(26, 27, 2));

        PersistentState state = loadAfterRestart();
        assertEquals(new SnapshotMeta(22, 2), state.snapshot());
        assertEquals(entries(23, 27, 2), state.entries());
    }
}
