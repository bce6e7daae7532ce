package io.raftkv.storage.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The raw sync rate of a disk: append a small record and force it, in a loop, for a while. This
 * is the ceiling for one-fsync-per-write storage and the unit group commit is measured in.
 */
final class FsyncProbe {
    private static final int RECORD_BYTES = 256;
    /** Keeps the file small: the probe rewinds instead of growing it without end. */
    private static final long FILE_BYTES_MAX = 1L << 20;

    private FsyncProbe() {}

    /**
     * Writes the whole file once and syncs it, so that the probe then overwrites allocated blocks:
     * growing the file would make every sync also commit a size change, which RocksDB avoids by
     * preallocating its WAL, and we would measure the file system's journal instead of the disk.
     */
    private static void preallocate(FileChannel channel) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
        for (long position = 0; position < FILE_BYTES_MAX; position += zeros.capacity()) {
            zeros.clear();
            channel.write(zeros, position);
        }
        channel.force(true);
    }

    /** Syncs per second measured over {@code durationMs} in {@code dir}. */
    static double syncsPerSecond(Path dir, long durationMs) throws IOException {
        Path file = dir.resolve("fsync-probe");
        ByteBuffer record = ByteBuffer.allocate(RECORD_BYTES);
        long syncs = 0;
        long start = System.nanoTime();
        long end = start + durationMs * 1_000_000L;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            preallocate(channel);
            long position = 0;
            long now = System.nanoTime();
            start = now;
            end = start + durationMs * 1_000_000L;
            while (now < end) {
                record.clear();
                channel.write(record, position);
                // force(false) is fdatasync: data, not metadata, as RocksDB syncs its WAL.
                channel.force(false);
                position = (position + RECORD_BYTES) % FILE_BYTES_MAX;
                syncs++;
                now = System.nanoTime();
            }
            return syncs * 1e9 / (now - start);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
