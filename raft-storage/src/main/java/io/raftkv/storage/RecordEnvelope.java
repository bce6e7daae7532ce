package io.raftkv.storage;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.raftkv.raft.util.Check;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The frame around every value we store: a format byte, the payload length and a CRC32C, then
 * the payload (an encoded protobuf).
 *
 * <pre>
 *   [format: 1 byte = 1][length: 4 bytes, big-endian][crc32c: 4 bytes][payload: length bytes]
 * </pre>
 *
 * RocksDB checksums its own blocks and WAL records, but not what a bug of ours (or a tool) may
 * write, nor bytes that rot after a checksum was verified into a cache; this check is end to end,
 * from our encoder to our decoder. The CRC covers the format byte and length too, so a damaged
 * header is caught as well as a damaged payload.
 */
final class RecordEnvelope {
    private RecordEnvelope() {}

    static final byte FORMAT = 1;
    static final int HEADER_BYTES = 1 + 4 + 4;

    static byte[] wrap(byte[] payload) {
        ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + payload.length);
        out.put(FORMAT).putInt(payload.length).putInt(0).put(payload);
        byte[] bytes = out.array();
        ByteBuffer.wrap(bytes, 5, 4).putInt(crc(bytes, payload.length));
        Check.that(bytes.length == HEADER_BYTES + payload.length, "envelope length");
        return bytes;
    }

    /**
     * The payload of {@code value}, sharing its bytes (the caller hands over the array).
     * {@code where} names the record for the error ("index 42", "hard state").
     */
    static ByteString unwrap(byte[] value, String where) throws CorruptStorageException {
        if (value.length < HEADER_BYTES) {
            throw corrupt(where, "record has " + value.length + " bytes, fewer than its "
                    + HEADER_BYTES + "-byte header");
        }
        ByteBuffer in = ByteBuffer.wrap(value);
        byte format = in.get();
        int length = in.getInt();
        int storedCrc = in.getInt();
        if (format != FORMAT) {
            throw corrupt(where, "record format byte is " + format + ", expected " + FORMAT);
        }
        if (length != value.length - HEADER_BYTES) {
            throw corrupt(where, "record says " + length + " payload bytes but has "
                    + (value.length - HEADER_BYTES));
        }
        int actualCrc = crc(value, length);
        if (actualCrc != storedCrc) {
            throw corrupt(where, String.format("checksum mismatch (stored crc32c %08x, computed %08x)",
                    storedCrc, actualCrc));
        }
        return UnsafeByteOperations.unsafeWrap(value, HEADER_BYTES, length);
    }

    private static int crc(byte[] bytes, int payloadLength) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, 5);
        crc.update(bytes, HEADER_BYTES, payloadLength);
        return (int) crc.getValue();
    }

    static CorruptStorageException corrupt(String where, String problem) {
        return new CorruptStorageException("corrupt record at " + where + ": " + problem);
    }
}
