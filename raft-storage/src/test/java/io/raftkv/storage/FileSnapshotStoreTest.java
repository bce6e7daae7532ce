package io.raftkv.storage;

import static io.raftkv.storage.SnapshotStoreContractTest.bytesOf;
import static io.raftkv.storage.SnapshotStoreContractTest.read;
import static io.raftkv.storage.SnapshotStoreContractTest.save;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.runtime.SnapshotStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the file store promises: damage found and reported, crash leftovers cleaned, retention, streaming. */
class FileSnapshotStoreTest {
    private static final FileSnapshotStore.Options KEEP_FIVE = new FileSnapshotStore.Options(5);

    @TempDir
    Path dir;

    private FileSnapshotStore open() throws IOException {
        return FileSnapshotStore.open(dir, KEEP_FIVE);
    }

    private Path fileOf(SnapshotMeta meta) {
        return dir.resolve(FileSnapshotStore.fileName(meta));
    }

    private static void flipByteAt(Path file, long position) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            int b = raf.read();
            raf.seek(position);
            raf.write(b ^ 0x01);
        }
    }

    private static void assertReported(FileSnapshotStore store, Path file, String reason) {
        List<FileSnapshotStore.Problem> problems = store.problems();
        assertTrue(problems.stream().anyMatch(p -> p.file().equals(file) && p.reason().contains(reason)),
                () -> "expected " + file.getFileName() + " reported with '" + reason + "', got " + problems);
    }

    @Test
    void aFlippedContentByteMakesLatestSkipTheFileReportItAndFallBack() throws IOException {
        SnapshotMeta older = new SnapshotMeta(10, 1);
        SnapshotMeta newer = new SnapshotMeta(20, 2);
        try (FileSnapshotStore store = open()) {
            save(store, older);
            save(store, newer);
        }
        Path damaged = fileOf(newer);
        flipByteAt(damaged, Files.size(damaged) - SnapshotFile.TRAILER_BYTES - 3);

        try (FileSnapshotStore store = open()) {
            assertEquals(Optional.of(older), store.latest());
            assertReported(store, damaged, "content checksum mismatch");
            assertEquals(List.of(older), store.list());
            assertThrows(IOException.class, () -> store.open(newer));
            assertTrue(Files.exists(damaged), "a damaged file is kept for inspection");
        }
    }

    @Test
    void aFlippedHeaderByteIsReportedAsAHeaderProblem() throws IOException {
        SnapshotMeta meta = new SnapshotMeta(10, 1);
        try (FileSnapshotStore store = open()) {
            save(store, meta);
        }
        flipByteAt(fileOf(meta), 13);

        try (FileSnapshotStore store = open()) {
            assertEquals(Optional.empty(), store.latest());
            assertReported(store, fileOf(meta), "header checksum mismatch");
        }
    }

    @Test
    void aTruncatedFileIsReportedAsIncomplete() throws IOException {
        SnapshotMeta older = new SnapshotMeta(10, 1);
        SnapshotMeta newer = new SnapshotMeta(20, 2);
        try (FileSnapshotStore store = open()) {
            save(store, older);
            save(store, newer);
        }
        try (RandomAccessFile raf = new RandomAccessFile(fileOf(newer).toFile(), "rw")) {
            raf.setLength(raf.length() - 2);
        }

        try (FileSnapshotStore store = open()) {
            assertEquals(Optional.of(older), store.latest());
            assertReported(store, fileOf(newer), "incomplete or truncated");
        }
    }

    @Test
    void aTemporaryFileLeftByACrashIsIgnoredReportedAndDeletedOnOpen() throws IOException {
        SnapshotMeta saved = new SnapshotMeta(10, 1);
        try (FileSnapshotStore store = open()) {
            save(store, saved);
        }
        // A crash in the middle of writing snapshot 20: a partial temporary file, never renamed.
        Path partial = dir.resolve(FileSnapshotStore.fileName(new SnapshotMeta(20, 2)) + ".0.tmp");
        Files.write(partial, new byte[] {'R', 'K', 'S', 'N', 0, 0});

        try (FileSnapshotStore store = open()) {
            assertFalse(Files.exists(partial), "cleaned up on open");
            assertReported(store, partial, "never committed");
            assertEquals(Optional.of(saved), store.latest());
            assertArrayEquals(bytesOf(saved), read(store, saved));
        }
    }

    @Test
    void anAbortedWriteLeavesNoFileBehind() throws IOException {
        try (FileSnapshotStore store = open()) {
            SnapshotStore.SnapshotWriter writer = store.begin(new SnapshotMeta(10, 1));
            writer.output().write(new byte[1000]);
            writer.abort();

            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(List.of(DirectoryLock.FILE_NAME),
                        files.map(path -> path.getFileName().toString()).toList());
            }
        }
    }

    @Test
    void onlyTheNewestRetainedSnapshotsAreKept() throws IOException {
        try (FileSnapshotStore store = FileSnapshotStore.open(dir, new FileSnapshotStore.Options(2))) {
            for (long index = 1; index <= 4; index++) {
                save(store, new SnapshotMeta(index * 10, 1));
            }

            assertEquals(List.of(new SnapshotMeta(30, 1), new SnapshotMeta(40, 1)), store.list());
            assertFalse(Files.exists(fileOf(new SnapshotMeta(20, 1))));
        }
        assertThrows(IllegalArgumentException.class, () -> new FileSnapshotStore.Options(0));
    }

    @Test
    void bytesThatRotAfterLatestCheckedThemFailTheRead() throws IOException {
        SnapshotMeta meta = new SnapshotMeta(10, 1);
        try (FileSnapshotStore store = open()) {
            save(store, meta);
            assertEquals(Optional.of(meta), store.latest());
            flipByteAt(fileOf(meta), Files.size(fileOf(meta)) - SnapshotFile.TRAILER_BYTES - 1);

            IOException e = assertThrows(IOException.class, () -> read(store, meta));
            assertTrue(e.getMessage().contains("content checksum mismatch"), e.getMessage());
        }
    }

    @Test
    void aSecondStoreOnTheSameDirectoryIsRefused() throws IOException {
        try (FileSnapshotStore store = open()) {
            IOException e = assertThrows(IOException.class, this::open);
            assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        }
    }

    /** 64 MiB written and read back in 64 KiB pieces: neither side ever holds the snapshot whole. */
    @Test
    void aLargeSnapshotStreamsInAndOut() throws IOException {
        long totalBytes = 64L << 20;
        int pieceBytes = 64 << 10;
        SnapshotMeta meta = new SnapshotMeta(1_000_000, 7);
        CRC32C written = new CRC32C();
        try (FileSnapshotStore store = open()) {
            SnapshotStore.SnapshotWriter writer = store.begin(meta);
            SplittableRandom random = new SplittableRandom(42);
            byte[] piece = new byte[pieceBytes];
            OutputStream out = writer.output();
            for (long done = 0; done < totalBytes; done += pieceBytes) {
                random.nextBytes(piece);
                out.write(piece);
                written.update(piece);
            }
            writer.commit();
        }

        try (FileSnapshotStore store = open()) {
            assertEquals(Optional.of(meta), store.latest());
            CRC32C read = new CRC32C();
            long readBytes = 0;
            byte[] piece = new byte[pieceBytes];
            try (InputStream in = store.open(meta)) {
                for (int n; (n = in.read(piece)) > 0; ) {
                    read.update(piece, 0, n);
                    readBytes += n;
                }
            }
            assertEquals(totalBytes, readBytes);
            assertEquals(written.getValue(), read.getValue());
        }
    }
}
