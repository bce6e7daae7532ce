package io.raftkv.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Our own lock on a data directory, taken before RocksDB opens it: RocksDB locks too, but its
 * error ("lock hold by current process" or an errno) does not say which node or directory, and
 * our lock also guards the files we add beside RocksDB's. The OS releases it if the process dies,
 * so a SIGKILLed node can restart at once.
 */
final class DirectoryLock implements AutoCloseable {
    static final String FILE_NAME = "RAFTKV.LOCK";

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    static DirectoryLock acquire(Path dir) throws IOException {
        FileChannel channel = FileChannel.open(dir.resolve(FILE_NAME),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IOException("data directory " + dir.toAbsolutePath()
                        + " is locked by another process (" + FILE_NAME + "): is another node running on it?");
            }
            return new DirectoryLock(dir, channel, lock);
        } catch (OverlappingFileLockException e) {
            channel.close();
            throw new IOException("data directory " + dir.toAbsolutePath()
                    + " is already open in this process: close the other storage first", e);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
