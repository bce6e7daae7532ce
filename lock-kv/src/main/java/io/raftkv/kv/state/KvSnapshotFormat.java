package io.raftkv.kv.state;

import io.raftkv.kv.KvLimits;
import io.raftkv.kv.lease.LeaseTable;
import io.raftkv.kv.mvcc.MvccStore;
import io.raftkv.kv.proto.KeyHistoryRecord;
import io.raftkv.kv.proto.LeaseRecord;
import io.raftkv.kv.proto.SnapshotHeader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The KV state machine's snapshot: a stream of length-delimited records (kv.proto): one
 * {@link SnapshotHeader}, each key's retained history, an empty {@link KeyHistoryRecord} that ends
 * the keys (no stored key is empty), then {@code header.leases} {@link LeaseRecord}s. Streamed
 * both ways, so a large store is never held twice in memory. Integrity (length, checksum) is the
 * snapshot store's job; this format checks its own structure.
 */
final class KvSnapshotFormat {
    static final int FORMAT = 1;

    record Restored(MvccStore store, List<LeaseRecord> leases) {
    }

    /** A snapshot whose records break the format's rules. */
    static final class CorruptSnapshotException extends IOException {
        CorruptSnapshotException(String message) {
            super("KV snapshot is corrupt: " + message);
        }
    }

    private KvSnapshotFormat() {
    }

    static void write(OutputStream out, MvccStore store, LeaseTable leases) throws IOException {
        SnapshotHeader.newBuilder().setFormat(FORMAT).setRevision(store.revision())
                .setCompactRevision(store.compactRevision()).setKeys(store.keyCount()).setLeases(leases.size())
                .build().writeDelimitedTo(out);
        IOException[] failure = new IOException[1];
        store.forEachKeyHistory(record -> {
            if (failure[0] == null) {
                try {
                    record.writeDelimitedTo(out);
                } catch (IOException e) {
                    failure[0] = e;
                }
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        KeyHistoryRecord.getDefaultInstance().writeDelimitedTo(out);
        for (long id : leases.ids()) {
            LeaseRecord.newBuilder().setID(id).setTTL(leases.get(id).ttlSeconds()).build().writeDelimitedTo(out);
        }
    }

    static Restored read(InputStream in, KvLimits limits) throws IOException {
        SnapshotHeader header = SnapshotHeader.parseDelimitedFrom(in);
        if (header == null) {
            throw new CorruptSnapshotException("it is empty (no header)");
        }
        if (header.getFormat() != FORMAT) {
            throw new CorruptSnapshotException("format " + header.getFormat() + ", this build reads format " + FORMAT);
        }
        if (header.getLeases() < 0 || header.getLeases() > limits.maxLeases()) {
            throw new CorruptSnapshotException("header names " + header.getLeases() + " leases, the limit is "
                    + limits.maxLeases());
        }
        KeyRecords keys = new KeyRecords(in);
        MvccStore store = MvccStore.restore(header.getRevision(), header.getCompactRevision(), keys);
        keys.failIfUnfinished();
        if (store.keyCount() != header.getKeys()) {
            throw new CorruptSnapshotException("header names " + header.getKeys() + " live keys, the records hold "
                    + store.keyCount());
        }
        List<LeaseRecord> leases = new ArrayList<>();
        for (long i = 0; i < header.getLeases(); i++) {
            LeaseRecord lease = LeaseRecord.parseDelimitedFrom(in);
            if (lease == null) {
                throw new CorruptSnapshotException("it ends after " + i + " of " + header.getLeases() + " leases");
            }
            leases.add(lease);
        }
        if (in.read() != -1) {
            throw new CorruptSnapshotException("bytes follow the last lease record");
        }
        return new Restored(store, leases);
    }

    /** Key records up to the end marker; a stream that ends before it is corrupt. */
    private static final class KeyRecords implements Iterator<KeyHistoryRecord> {
        private final InputStream in;
        private KeyHistoryRecord next;
        private boolean ended;
        private IOException failure;

        KeyRecords(InputStream in) {
            this.in = in;
        }

        @Override
        public boolean hasNext() {
            if (next == null && !ended && failure == null) {
                try {
                    KeyHistoryRecord record = KeyHistoryRecord.parseDelimitedFrom(in);
                    if (record == null) {
                        failure = new CorruptSnapshotException("it ends inside the key records (no end marker)");
                    } else if (record.getKey().isEmpty()) {
                        ended = true;
                    } else {
                        next = record;
                    }
                } catch (IOException e) {
                    failure = e;
                }
            }
            return next != null;
        }

        @Override
        public KeyHistoryRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            KeyHistoryRecord record = next;
            next = null;
            return record;
        }

        void failIfUnfinished() throws IOException {
            if (failure != null) {
                throw failure;
            }
            if (!ended) {
                throw new CorruptSnapshotException("the store stopped reading before the end of the key records");
            }
        }
    }
}
