package io.raftkv.storage;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.raftkv.storage.proto.StorageMetaProto;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.RocksDBException;

/**
 * The metadata record of a data directory: format version, cluster id and node id. Written once,
 * when the directory is new; every later open must match it, so that a node never runs on another
 * node's log (which would let it vote twice or serve another node's entries), and a build never
 * reads a format it does not know.
 */
final class StorageMetadata {
    private StorageMetadata() {}

    static final int FORMAT_VERSION = 1;
    static final byte[] KEY = "meta".getBytes(StandardCharsets.UTF_8);
    static final String WHERE = "metadata";

    static void checkOrCreate(LogDatabase db, Path dir, String clusterId, long nodeId) throws IOException {
        byte[] stored = db.get(db.state, KEY);
        if (stored == null) {
            create(db, dir, clusterId, nodeId);
            return;
        }
        StorageMetaProto meta = decode(stored);
        if (meta.getFormatVersion() != FORMAT_VERSION) {
            throw new IOException("data directory " + dir.toAbsolutePath() + " has storage format version "
                    + meta.getFormatVersion() + "; this build reads version " + FORMAT_VERSION + " only");
        }
        if (!meta.getClusterId().equals(clusterId) || meta.getNodeId() != nodeId) {
            throw new IOException("data directory " + dir.toAbsolutePath() + " belongs to cluster '"
                    + meta.getClusterId() + "' node " + meta.getNodeId() + "; refusing to open it as cluster '"
                    + clusterId + "' node " + nodeId);
        }
    }

    private static void create(LogDatabase db, Path dir, String clusterId, long nodeId) throws IOException {
        // Data without metadata is not a new directory: someone else's, or damaged. Never adopt it.
        if (db.get(db.state, LogReader.HARD_STATE_KEY) != null || hasAnyEntry(db)) {
            throw new CorruptStorageException("data directory " + dir.toAbsolutePath()
                    + " holds Raft data but no metadata record; refusing to adopt it as cluster '"
                    + clusterId + "' node " + nodeId);
        }
        try (WriteBatch batch = new WriteBatch()) {
            batch.put(db.state, KEY, encode(FORMAT_VERSION, clusterId, nodeId));
            db.writeSynced(batch);
        } catch (RocksDBException e) {
            throw new IOException("cannot write the metadata record in " + dir.toAbsolutePath(), e);
        }
    }

    private static boolean hasAnyEntry(LogDatabase db) {
        try (RocksIterator it = db.iterator(db.log)) {
            it.seekToFirst();
            return it.isValid();
        }
    }

    static byte[] encode(int formatVersion, String clusterId, long nodeId) {
        return RecordEnvelope.wrap(StorageMetaProto.newBuilder()
                .setFormatVersion(formatVersion)
                .setClusterId(clusterId)
                .setNodeId(nodeId)
                .build()
                .toByteArray());
    }

    private static StorageMetaProto decode(byte[] stored) throws CorruptStorageException {
        ByteString payload = RecordEnvelope.unwrap(stored, WHERE);
        try {
            return StorageMetaProto.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw RecordEnvelope.corrupt(WHERE, "cannot parse StorageMetaProto: " + e.getMessage());
        }
    }
}
