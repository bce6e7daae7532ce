package io.raftkv.storage;

import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.codec.CodecException;
import io.raftkv.raft.codec.RaftCodec;
import io.raftkv.raft.util.Check;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The format of one snapshot file, a header, the snapshot's bytes, and a trailer:
 *
 * <pre>
 *   [magic "RKSN"][format version: 4][meta length: 4][SnapshotMeta (RaftCodec): meta length]
 *   [content length: 8][header crc32c: 4]   ... content ...   [content crc32c: 4]
 * </pre>
 *
 * The header CRC covers every header byte before it; the trailer CRC covers the content. The
 * content length is known only once the content is written, so the writer patches it (and the
 * header CRC) in place before the file is synced and renamed into view. Reading streams: the file
 * is never held in memory whole.
 */
final class SnapshotFile {
    private SnapshotFile() {}

    static final int MAGIC = 0x524b534e;   // "RKSN"
    static final int FORMAT_VERSION = 1;
    static final int TRAILER_BYTES = 4;
    private static final int META_BYTES_MAX = 64;
    static final int BUFFER_BYTES = 64 << 10;

    /** Where a valid file's content lies. */
    record Layout(SnapshotMeta meta, long contentOffset, long contentLength) {}

    /** The header for {@code meta} with {@code contentLength}, its CRC included. */
    static ByteBuffer header(SnapshotMeta meta, long contentLength) {
        byte[] encoded = RaftCodec.encode(meta);
        Check.that(encoded.length <= META_BYTES_MAX, "encoded snapshot meta has %d bytes", encoded.length);
        ByteBuffer header = ByteBuffer.allocate(headerBytes(encoded.length));
        header.putInt(MAGIC).putInt(FORMAT_VERSION).putInt(encoded.length).put(encoded).putLong(contentLength);
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, header.position());
        header.putInt((int) crc.getValue());
        header.flip();
        return header;
    }

    static int headerBytes(int metaBytes) {
        return 4 + 4 + 4 + metaBytes + 8 + 4;
    }

    /**
     * Reads and checks the header of {@code file}: magic, version, header CRC, a content length
     * that fits the file exactly. Throws {@link CorruptStorageException} naming what is wrong.
     */
    static Layout readLayout(FileChannel channel, Path file) throws IOException {
        long size = channel.size();
        ByteBuffer fixed = readFully(channel, 0, 12, file, "header");
        int magic = fixed.getInt();
        int version = fixed.getInt();
        int metaBytes = fixed.getInt();
        if (magic != MAGIC) {
            throw damaged(file, String.format("not a snapshot file (magic %08x, expected %08x)", magic, MAGIC));
        }
        if (version != FORMAT_VERSION) {
            throw damaged(file, "format version " + version + ", this build reads version " + FORMAT_VERSION);
        }
        if (metaBytes < 0 || metaBytes > META_BYTES_MAX) {
            throw damaged(file, "header says the snapshot meta has " + metaBytes + " bytes");
        }
        ByteBuffer header = readFully(channel, 0, headerBytes(metaBytes), file, "header");
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, header.limit() - 4);
        int storedCrc = header.getInt(header.limit() - 4);
        if ((int) crc.getValue() != storedCrc) {
            throw damaged(file, String.format("header checksum mismatch (stored %08x, computed %08x)",
                    storedCrc, (int) crc.getValue()));
        }
        byte[] encoded = new byte[metaBytes];
        header.position(12);
        header.get(encoded);
        long contentLength = header.getLong();
        SnapshotMeta meta;
        try {
            meta = RaftCodec.decodeSnapshotMeta(encoded);
        } catch (CodecException e) {
            throw damaged(file, "bad snapshot meta: " + e.getMessage());
        }
        long expectedSize = header.limit() + contentLength + TRAILER_BYTES;
        if (contentLength < 0 || size != expectedSize) {
            throw damaged(file, "header says " + contentLength + " content bytes, so " + expectedSize
                    + " bytes in all, but the file has " + size + " (incomplete or truncated)");
        }
        return new Layout(meta, header.limit(), contentLength);
    }

    /** Reads the whole content once, in buffers, and compares its CRC with the trailer's. */
    static void verifyContent(FileChannel channel, Path file, Layout layout) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
        long position = layout.contentOffset();
        long end = position + layout.contentLength();
        while (position < end) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
            int read = channel.read(buffer, position);
            if (read < 0) {
                throw damaged(file, "ends at byte " + position + ", before its content ends at " + end);
            }
            crc.update(buffer.array(), 0, read);
            position += read;
        }
        checkTrailer(channel, file, layout, (int) crc.getValue());
    }

    static void checkTrailer(FileChannel channel, Path file, Layout layout, int computedCrc) throws IOException {
        long at = layout.contentOffset() + layout.contentLength();
        int storedCrc = readFully(channel, at, TRAILER_BYTES, file, "trailer").getInt();
        if (storedCrc != computedCrc) {
            throw damaged(file, String.format("content checksum mismatch (stored crc32c %08x, computed %08x)",
                    storedCrc, computedCrc));
        }
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int bytes, Path file, String what)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(bytes);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw damaged(file, "ends inside its " + what + " (" + channel.size() + " bytes)");
            }
        }
        return buffer.flip();
    }

    static CorruptStorageException damaged(Path file, String problem) {
        return new CorruptStorageException("damaged snapshot file " + file.toAbsolutePath() + ": " + problem);
    }

    /**
     * Streams a valid file's content from its first byte; the CRC is checked again at the end, so
     * bytes that rotted after {@code latest()} checked them fail the read instead of restoring.
     */
    static InputStream open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new CheckedInput(channel, file, readLayout(channel, file));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static final class CheckedInput extends InputStream {
        private final FileChannel channel;
        private final Path file;
        private final Layout layout;
        private final CRC32C crc = new CRC32C();
        private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES).limit(0);
        private long position;
        private boolean checked;

        CheckedInput(FileChannel channel, Path file, Layout layout) {
            this.channel = channel;
            this.file = file;
            this.layout = layout;
            this.position = layout.contentOffset();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (!buffer.hasRemaining() && !fill()) {
                return -1;
            }
            int n = Math.min(length, buffer.remaining());
            buffer.get(into, offset, n);
            return n;
        }

        private boolean fill() throws IOException {
            long end = layout.contentOffset() + layout.contentLength();
            if (position >= end) {
                if (!checked) {
                    checkTrailer(channel, file, layout, (int) crc.getValue());
                    checked = true;
                }
                return false;
            }
            buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
            int read = channel.read(buffer, position);
            if (read < 0) {
                throw new EOFException("snapshot file " + file.toAbsolutePath() + " ends at byte " + position
                        + ", before its content ends at " + end);
            }
            buffer.flip();
            crc.update(buffer.array(), 0, read);
            position += read;
            return true;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
