package io.raftkv.raft.runtime;

import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.message.InstallSnapshot;
import io.raftkv.raft.message.InstallSnapshotResponse;
import java.io.IOException;
import java.util.zip.CRC32C;

/**
 * A follower's receipt of one snapshot, chunk by chunk, into the snapshot store. Bytes are
 * written strictly in order; every answer carries {@code nextOffset}, the first byte still
 * missing, so the leader can go back to it (the transport may lose and reorder chunks). A chunk
 * that starts beyond that point is not written and only answered; a chunk already held is
 * answered again. A chunk at offset 0 of another snapshot or from another leader starts a new
 * receipt; a later chunk of a snapshot not being received is refused, so the leader starts over.
 * The snapshot is committed to the store (durable, visible) only after the last chunk, and only
 * if the CRC32C of all its bytes matches the one the leader sent; only then is it offered to the
 * core for installation.
 */
final class IncomingSnapshot {
    private final long selfId;
    private final SnapshotStore store;
    private Receipt current;

    private static final class Receipt {
        final long leaderId;
        final SnapshotMeta meta;
        final SnapshotStore.SnapshotWriter writer;
        final CRC32C crc = new CRC32C();
        long receivedBytes;

        Receipt(long leaderId, SnapshotMeta meta, SnapshotStore.SnapshotWriter writer) {
            this.leaderId = leaderId;
            this.meta = meta;
            this.writer = writer;
        }
    }

    /** What became of a chunk: the answer to send, and the snapshot completed by it (else null). */
    record Outcome(InstallSnapshotResponse response, SnapshotMeta completed, long leaderId) {}

    IncomingSnapshot(long selfId, SnapshotStore store) {
        this.selfId = selfId;
        this.store = store;
    }

    Outcome onChunk(InstallSnapshot chunk) throws IOException {
        SnapshotMeta meta = new SnapshotMeta(chunk.snapshotIndex(), chunk.snapshotTerm());
        boolean sameReceipt = current != null && current.meta.equals(meta) && current.leaderId == chunk.from();
        if (!sameReceipt) {
            if (chunk.offset() != 0) {
                abort();
                return refused(chunk);
            }
            abort();
            current = new Receipt(chunk.from(), meta, store.begin(meta));
        }
        if (chunk.offset() != current.receivedBytes) {
            // Early (one before it was lost or is late) or already held: write nothing, say what is missing.
            return answer(chunk, true, current.receivedBytes, null);
        }
        chunk.data().writeTo(current.writer.output());
        current.crc.update(chunk.data().asReadOnlyByteBuffer());
        current.receivedBytes = chunk.endOffset();
        if (!chunk.done()) {
            return answer(chunk, true, current.receivedBytes, null);
        }
        Receipt complete = current;
        current = null;
        if ((int) complete.crc.getValue() != chunk.checksum()) {
            complete.writer.abort();
            return refused(chunk);
        }
        complete.writer.output().flush();
        complete.writer.commit();
        return answer(chunk, true, complete.receivedBytes, complete.meta);
    }

    /** Drops a receipt in progress (the leader changed, the node stops). */
    void abort() {
        if (current != null) {
            current.writer.abort();
            current = null;
        }
    }

    private Outcome refused(InstallSnapshot chunk) {
        return answer(chunk, false, 0, null);
    }

    private Outcome answer(InstallSnapshot chunk, boolean success, long nextOffset, SnapshotMeta completed) {
        return new Outcome(new InstallSnapshotResponse(selfId, chunk.from(), chunk.term(), chunk.snapshotIndex(),
                nextOffset, success), completed, chunk.from());
    }
}
