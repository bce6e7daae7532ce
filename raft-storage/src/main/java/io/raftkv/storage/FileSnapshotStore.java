package io.raftkv.storage;

import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.runtime.SnapshotStore;
import io.raftkv.raft.util.Check;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots as files in one directory, one file per snapshot, named by index and term
 * ({@code snapshot-<index>-<term>.snap}, zero-padded so that names sort like snapshots). See
 * {@link SnapshotFile} for the format: a checksummed header with the {@link SnapshotMeta} and the
 * content length, the content, a CRC32C of the content.
 *
 * <p>Saving: bytes stream into a temporary file ({@code .tmp}); commit writes the trailer and the
 * header, fsyncs the file, renames it atomically to its final name and fsyncs the directory. A
 * crash before the rename leaves only a temporary file, deleted (and reported) by the next open.
 * Then the oldest snapshots beyond {@code retainedSnapshots} are deleted.
 *
 * <p>Reading: {@link #latest()} and {@link #list()} only return files whose header and content
 * checksum were verified (once per file and open store, streaming). A damaged or incomplete file
 * is skipped, never silently: it is logged as a warning naming the file and the problem, and
 * listed by {@link #problems()}. It is left in place for inspection.
 *
 * <p>The directory is locked ({@link DirectoryLock}) while the store is open, so it must be a
 * directory of its own, not the log storage's (which takes the same lock). Methods are
 * synchronized; the runtime calls them from one context anyway.
 */
public final class FileSnapshotStore implements SnapshotStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FileSnapshotStore.class);
    private static final Pattern NAME = Pattern.compile("snapshot-(\\d{20})-(\\d{20})\\.snap");
    private static final String TEMP_SUFFIX = ".tmp";

    /** @param retainedSnapshots the newest this many complete snapshots are kept, older ones deleted */
    public record Options(int retainedSnapshots) {
        public Options {
            if (retainedSnapshots < 1) {
                throw new IllegalArgumentException("invalid snapshot store options: retainedSnapshots must be at least 1,"
                        + " was " + retainedSnapshots);
            }
        }

        /** Two snapshots kept: the newest, and the one before it while a transfer may still read it. */
        public static Options defaults() {
            return new Options(2);
        }
    }

    /** A file {@link #latest()} or {@link #list()} skipped, or a temporary file removed on open. */
    public record Problem(Path file, String reason) {}

    private final Path dir;
    private final Options options;
    private final DirectoryLock lock;
    /** Files checked whole in this open store, by name: valid ones map to their meta. */
    private final Map<String, SnapshotMeta> verified = new TreeMap<>();
    private final Map<Path, Problem> problems = new LinkedHashMap<>();
    private long tempSequence;
    private boolean closed;

    private FileSnapshotStore(Path dir, Options options, DirectoryLock lock) {
        this.dir = dir;
        this.options = options;
        this.lock = lock;
    }

    /** Opens (creating it if needed) the snapshot directory {@code dir}, deleting temporary files a crash left. */
    public static FileSnapshotStore open(Path dir, Options options) throws IOException {
        Check.that(options != null, "options must be set (FileSnapshotStore.Options.defaults())");
        Files.createDirectories(dir);
        DirectoryLock lock = DirectoryLock.acquire(dir);
        FileSnapshotStore store = new FileSnapshotStore(dir, options, lock);
        try {
            store.removeTemporaryFiles();
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        return store;
    }

    static String fileName(SnapshotMeta meta) {
        return String.format("snapshot-%020d-%020d.snap", meta.index(), meta.term());
    }

    private void removeTemporaryFiles() throws IOException {
        boolean removed = false;
        for (Path file : sortedFiles()) {
            if (file.getFileName().toString().endsWith(TEMP_SUFFIX)) {
                report(file, "temporary file of a snapshot never committed (crash or abort): deleted");
                Files.delete(file);
                removed = true;
            }
        }
        if (removed) {
            syncDirectory();
        }
    }

    @Override
    public synchronized SnapshotWriter begin(SnapshotMeta meta) throws IOException {
        checkOpen();
        Check.that(!meta.isNone(), "cannot save the empty snapshot %s", meta);
        Path temp = dir.resolve(fileName(meta) + "." + (tempSequence++) + TEMP_SUFFIX);
        return new FileWriter(meta, temp);
    }

    @Override
    public synchronized Optional<SnapshotMeta> latest() throws IOException {
        List<SnapshotMeta> valid = list();
        return valid.isEmpty() ? Optional.empty() : Optional.of(valid.get(valid.size() - 1));
    }

    /** Every snapshot whose file checks out, oldest first; damaged ones are reported and skipped. */
    @Override
    public synchronized List<SnapshotMeta> list() throws IOException {
        checkOpen();
        List<SnapshotMeta> valid = new ArrayList<>();
        for (Path file : sortedFiles()) {
            SnapshotMeta meta = verify(file);
            if (meta != null) {
                valid.add(meta);
            }
        }
        valid.sort(Comparator.comparingLong(SnapshotMeta::index).thenComparingLong(SnapshotMeta::term));
        return valid;
    }

    @Override
    public synchronized InputStream open(SnapshotMeta meta) throws IOException {
        checkOpen();
        Path file = dir.resolve(fileName(meta));
        if (verify(file) == null) {
            throw new IOException("no complete snapshot " + meta + " in " + dir.toAbsolutePath()
                    + (problems.containsKey(file) ? ": " + problems.get(file).reason() : ""));
        }
        return SnapshotFile.open(file);
    }

    @Override
    public synchronized void delete(SnapshotMeta meta) throws IOException {
        checkOpen();
        Path file = dir.resolve(fileName(meta));
        verified.remove(file.getFileName().toString());
        if (Files.deleteIfExists(file)) {
            syncDirectory();
        }
    }

    /** What was skipped or cleaned up so far, in the order found (a copy). */
    public synchronized List<Problem> problems() {
        return List.copyOf(problems.values());
    }

    public Path dir() {
        return dir;
    }

    /** The meta of a valid snapshot file, or null (and reported) for a damaged one or another file. */
    private SnapshotMeta verify(Path file) {
        String name = file.getFileName().toString();
        Matcher matcher = NAME.matcher(name);
        if (!matcher.matches()) {
            return null;   // temporary files of writes in progress, the lock file
        }
        if (verified.containsKey(name)) {
            return verified.get(name);
        }
        if (!Files.exists(file)) {
            return null;   // asked for by meta and simply not there: nothing is damaged
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            SnapshotFile.Layout layout = SnapshotFile.readLayout(channel, file);
            SnapshotMeta named = new SnapshotMeta(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)));
            if (!layout.meta().equals(named)) {
                throw SnapshotFile.damaged(file, "header holds snapshot " + layout.meta() + ", the name says " + named);
            }
            SnapshotFile.verifyContent(channel, file, layout);
            verified.put(name, layout.meta());
            return layout.meta();
        } catch (IOException | RuntimeException e) {
            report(file, e.getMessage());
            return null;
        }
    }

    private void report(Path file, String reason) {
        if (problems.put(file, new Problem(file, reason)) == null) {
            log.warn("snapshot store {}: skipping {}: {}", dir.toAbsolutePath(), file.getFileName(), reason);
        }
    }

    /** The directory's files in name order, so that everything built from a listing is deterministic. */
    private List<Path> sortedFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(files::add);
        }
        files.sort(Comparator.comparing(path -> path.getFileName().toString()));
        return files;
    }

    /** Makes renames and deletes in the directory durable (a file's own fsync does not). */
    private void syncDirectory() throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** One snapshot per index, as in every store: a newer save at the same index replaces the old one. */
    private void deleteOtherTermsAt(SnapshotMeta meta) throws IOException {
        for (SnapshotMeta other : list()) {
            if (other.index() == meta.index() && !other.equals(meta)) {
                delete(other);
            }
        }
    }

    /** Called after a commit: keeps the newest {@code retainedSnapshots}, deletes the rest. */
    private void deleteBeyondRetention() throws IOException {
        List<SnapshotMeta> valid = list();
        for (int i = 0; i < valid.size() - options.retainedSnapshots(); i++) {
            delete(valid.get(i));
        }
    }

    private synchronized void committed(Path temp, SnapshotMeta meta) throws IOException {
        checkOpen();
        Path target = dir.resolve(fileName(meta));
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory();
        verified.put(target.getFileName().toString(), meta);
        problems.remove(target);
        log.debug("snapshot store {}: committed {}", dir.toAbsolutePath(), target.getFileName());
        deleteOtherTermsAt(meta);
        deleteBeyondRetention();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("snapshot store in " + dir.toAbsolutePath() + " is closed");
        }
    }

    /** Releases the directory lock; streams already open stay readable. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lock.close();
        } catch (IOException e) {
            log.warn("cannot release the lock of snapshot directory {}", dir.toAbsolutePath(), e);
        }
    }

    /** One snapshot streaming into its temporary file, behind a placeholder header. */
    private final class FileWriter implements SnapshotWriter {
        private final SnapshotMeta meta;
        private final Path temp;
        private final FileChannel channel;
        private final CRC32C crc = new CRC32C();
        private final OutputStream output;
        private final int headerBytes;
        private long contentLength;
        private boolean finished;

        FileWriter(SnapshotMeta meta, Path temp) throws IOException {
            this.meta = meta;
            this.temp = temp;
            this.channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            ByteBuffer placeholder = SnapshotFile.header(meta, 0);
            this.headerBytes = placeholder.remaining();
            writeFully(placeholder, 0);
            OutputStream counting = new CountingOutput(Channels.newOutputStream(channel.position(headerBytes)));
            this.output = new BufferedOutputStream(counting, SnapshotFile.BUFFER_BYTES);
        }

        @Override
        public OutputStream output() {
            return output;
        }

        @Override
        public void commit() throws IOException {
            if (finished) {
                throw new IOException("snapshot " + meta + " was already committed or aborted");
            }
            try {
                output.flush();
                finished = true;
                writeFully(ByteBuffer.allocate(SnapshotFile.TRAILER_BYTES).putInt((int) crc.getValue()).flip(),
                        headerBytes + contentLength);
                writeFully(SnapshotFile.header(meta, contentLength), 0);
                channel.force(true);
                channel.close();
                committed(temp, meta);
            } catch (IOException | RuntimeException e) {
                finished = true;
                discard();
                throw e;
            }
        }

        @Override
        public void abort() {
            finished = true;
            discard();
        }

        private void discard() {
            try {
                channel.close();
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                log.warn("snapshot store {}: cannot delete {} (the next open will)", dir.toAbsolutePath(),
                        temp.getFileName(), e);
            }
        }

        private void writeFully(ByteBuffer bytes, long position) throws IOException {
            while (bytes.hasRemaining()) {
                position += channel.write(bytes, position);
            }
        }

        /** Counts and checksums the content on its way to the file. */
        private final class CountingOutput extends OutputStream {
            private final OutputStream file;

            CountingOutput(OutputStream file) {
                this.file = file;
            }

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                if (finished) {
                    throw new IOException("snapshot " + meta + " was already committed or aborted");
                }
                file.write(bytes, offset, length);
                crc.update(bytes, offset, length);
                contentLength += length;
            }
        }
    }
}
