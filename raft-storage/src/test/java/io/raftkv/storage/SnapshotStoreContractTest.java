package io.raftkv.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.runtime.MemorySnapshotStore;
import io.raftkv.raft.runtime.SnapshotStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract of {@link SnapshotStore}, run against the in-memory store the simulator uses and
 * the file store production uses. "Restart" is what a node restart means for each: the same
 * instance for memory, close and reopen for files.
 */
class SnapshotStoreContractTest {

    static Stream<ContractSubject<SnapshotStore>> subjects() {
        return Stream.of(
                new ContractSubject<SnapshotStore>("memory",
                        dir -> ContractSubject.inMemory(new MemorySnapshotStore(), () -> {})),
                new ContractSubject<SnapshotStore>("file", SnapshotStoreContractTest::files));
    }

    private static ContractSubject.Instance<SnapshotStore> files(Path dir) throws IOException {
        // Retention is the file store's own promise (FileSnapshotStoreTest): keep enough here.
        FileSnapshotStore store = FileSnapshotStore.open(dir, new FileSnapshotStore.Options(100));
        return ContractSubject.onDisk(store, store::close, dir, SnapshotStoreContractTest::files);
    }

    @TempDir
    Path dir;
    private ContractSubject.Instance<SnapshotStore> running;

    private SnapshotStore open(ContractSubject<SnapshotStore> subject) throws IOException {
        running = subject.opener().open(dir);
        return running.get();
    }

    private SnapshotStore restart() throws IOException {
        running = running.restart();
        return running.get();
    }

    @AfterEach
    void close() {
        if (running != null) {
            running.close();
        }
    }

    static byte[] bytesOf(SnapshotMeta meta) {
        return ("state through " + meta.index() + " in term " + meta.term()).getBytes(StandardCharsets.UTF_8);
    }

    static void save(SnapshotStore store, SnapshotMeta meta) throws IOException {
        SnapshotStore.SnapshotWriter writer = store.begin(meta);
        writer.output().write(bytesOf(meta));
        writer.commit();
    }

    static byte[] read(SnapshotStore store, SnapshotMeta meta) throws IOException {
        try (InputStream in = store.open(meta)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void aNewStoreHasNoSnapshot(ContractSubject<SnapshotStore> subject) throws IOException {
        SnapshotStore store = open(subject);

        assertEquals(Optional.empty(), store.latest());
        assertEquals(List.of(), store.list());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void aSnapshotIsVisibleOnlyOnceCommittedAndReadsBackWholeAfterARestart(ContractSubject<SnapshotStore> subject) throws IOException {
        SnapshotStore store = open(subject);
        SnapshotMeta meta = new SnapshotMeta(10, 2);
        SnapshotStore.SnapshotWriter writer = store.begin(meta);
        writer.output().write(bytesOf(meta));

        assertEquals(Optional.empty(), store.latest(), "not committed yet");
        assertEquals(List.of(), store.list());
        writer.commit();

        assertEquals(Optional.of(meta), store.latest());
        SnapshotStore restarted = restart();
        assertEquals(Optional.of(meta), restarted.latest());
        assertArrayEquals(bytesOf(meta), read(restarted, meta));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void anAbortedSnapshotLeavesNothing(ContractSubject<SnapshotStore> subject) throws IOException {
        SnapshotStore store = open(subject);
        SnapshotMeta meta = new SnapshotMeta(10, 2);
        SnapshotStore.SnapshotWriter writer = store.begin(meta);
        writer.output().write(bytesOf(meta));

        writer.abort();

        assertEquals(Optional.empty(), store.latest());
        assertThrows(IOException.class, () -> store.open(meta));
        assertThrows(IOException.class, writer::commit, "an aborted snapshot cannot be committed after all");
        assertEquals(List.of(), restart().list());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void latestIsTheHighestIndexAndTheListGoesOldestFirst(ContractSubject<SnapshotStore> subject) throws IOException {
        SnapshotStore store = open(subject);
        save(store, new SnapshotMeta(10, 1));
        save(store, new SnapshotMeta(300, 3));
        save(store, new SnapshotMeta(20, 2));

        assertEquals(Optional.of(new SnapshotMeta(300, 3)), store.latest());
        List<SnapshotMeta> expected = List.of(new SnapshotMeta(10, 1), new SnapshotMeta(20, 2), new SnapshotMeta(300, 3));
        assertEquals(expected, store.list());
        assertEquals(expected, restart().list());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void deleteRemovesOneSnapshotAndLatestFallsBack(ContractSubject<SnapshotStore> subject) throws IOException {
        SnapshotStore store = open(subject);
        save(store, new SnapshotMeta(10, 1));
        save(store, new SnapshotMeta(20, 2));

        store.delete(new SnapshotMeta(20, 2));

        assertEquals(Optional.of(new SnapshotMeta(10, 1)), store.latest());
        assertThrows(IOException.class, () -> store.open(new SnapshotMeta(20, 2)));
        assertEquals(List.of(new SnapshotMeta(10, 1)), restart().list());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void aStreamOpenedBeforeADeleteStillReadsToTheEnd(ContractSubject<SnapshotStore> subject) throws IOException {
        SnapshotStore store = open(subject);
        SnapshotMeta meta = new SnapshotMeta(10, 1);
        save(store, meta);

        try (InputStream in = store.open(meta)) {
            store.delete(meta);
            assertArrayEquals(bytesOf(meta), in.readAllBytes());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void openingASnapshotThatIsNotThereFails(ContractSubject<SnapshotStore> subject) throws IOException {
        SnapshotStore store = open(subject);
        save(store, new SnapshotMeta(10, 1));

        assertThrows(IOException.class, () -> store.open(new SnapshotMeta(10, 2)), "same index, other term");
        assertThrows(IOException.class, () -> store.open(new SnapshotMeta(11, 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void aSnapshotSavedAtAnIndexAlreadyTakenReplacesTheOldOne(ContractSubject<SnapshotStore> subject) throws IOException {
        SnapshotStore store = open(subject);
        save(store, new SnapshotMeta(10, 1));

        save(store, new SnapshotMeta(10, 2));

        assertEquals(List.of(new SnapshotMeta(10, 2)), store.list());
        assertArrayEquals(bytesOf(new SnapshotMeta(10, 2)), read(restart(), new SnapshotMeta(10, 2)));
        assertThrows(IOException.class, () -> running.get().open(new SnapshotMeta(10, 1)));
    }
}
