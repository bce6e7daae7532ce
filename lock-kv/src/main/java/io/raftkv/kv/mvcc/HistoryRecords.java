package io.raftkv.kv.mvcc;

import com.google.protobuf.ByteString;
import io.raftkv.kv.KeyText;
import io.raftkv.kv.proto.HistoryEntry;
import io.raftkv.kv.proto.KeyHistoryRecord;
import io.raftkv.kv.proto.KeyValue;

/**
 * A key's history to and from its snapshot record. Reading back checks everything the store
 * guarantees of a history (order, versions that follow from each other, what compaction leaves),
 * so a damaged snapshot is refused with the key and entry where it breaks, instead of becoming a
 * store that answers wrongly.
 */
final class HistoryRecords {
    private HistoryRecords() {
    }

    static KeyHistoryRecord toRecord(ByteString key, KeyHistory history) {
        KeyHistoryRecord.Builder record = KeyHistoryRecord.newBuilder().setKey(key);
        for (int i = 0; i < history.size(); i++) {
            KeyHistory.Version version = history.get(i);
            record.addEntries(HistoryEntry.newBuilder().setRevision(version.revision())
                    .setSubRevision(version.subRevision()).setTombstone(version.tombstone()).setKv(version.kv()));
        }
        return record.build();
    }

    /** @throws IllegalArgumentException naming the key and entry, if the record is not a history this store could hold */
    static KeyHistory fromRecord(KeyHistoryRecord record, long revision, long compactRevision) {
        if (record.getKey().isEmpty()) {
            throw new IllegalArgumentException("a snapshot key record has an empty key");
        }
        if (record.getEntriesCount() == 0) {
            throw new IllegalArgumentException("snapshot key " + KeyText.of(record.getKey()) + " has no entries");
        }
        KeyHistory.Version[] versions = new KeyHistory.Version[record.getEntriesCount()];
        for (int i = 0; i < versions.length; i++) {
            HistoryEntry entry = record.getEntries(i);
            String broken = brokenRule(record.getKey(), entry, i == 0 ? null : versions[i - 1], revision,
                    compactRevision);
            if (broken != null) {
                throw new IllegalArgumentException("snapshot key " + KeyText.of(record.getKey()) + ", entry " + i
                        + " (revision " + entry.getRevision() + "): " + broken);
            }
            versions[i] = new KeyHistory.Version(entry.getRevision(), (int) entry.getSubRevision(), entry.getKv(),
                    entry.getTombstone());
        }
        return KeyHistory.restored(versions);
    }

    /** The first rule {@code entry} breaks, coming after {@code previous} (null for the first); null if none. */
    private static String brokenRule(ByteString key, HistoryEntry entry, KeyHistory.Version previous, long revision,
                                     long compactRevision) {
        KeyValue kv = entry.getKv();
        if (entry.getRevision() < 1 || entry.getRevision() > revision) {
            return "revision is outside [1, " + revision + "], the store's revisions";
        }
        if (entry.getSubRevision() < 0 || entry.getSubRevision() > Integer.MAX_VALUE) {
            return "sub-revision " + entry.getSubRevision() + " is out of range";
        }
        if (!kv.getKey().equals(key)) {
            return "its key-value is for key " + KeyText.of(kv.getKey());
        }
        if (previous != null && entry.getRevision() <= previous.revision()) {
            return "revision does not follow the previous entry's " + previous.revision();
        }
        if (previous != null && previous.revision() <= compactRevision && entry.getRevision() <= compactRevision) {
            return "a second entry at or below the compacted revision " + compactRevision
                    + ", which compaction would have dropped";
        }
        return entry.getTombstone() ? brokenTombstoneRule(entry, previous, compactRevision)
                : brokenPutRule(entry, previous, compactRevision);
    }

    private static String brokenPutRule(HistoryEntry entry, KeyHistory.Version previous, long compactRevision) {
        KeyValue kv = entry.getKv();
        if (kv.getModRevision() != entry.getRevision()) {
            return "a put whose mod_revision is " + kv.getModRevision();
        }
        boolean created = previous == null ? entry.getRevision() > compactRevision : previous.tombstone();
        if (created && (kv.getVersion() != 1 || kv.getCreateRevision() != entry.getRevision())) {
            return "a put that creates the key, with version " + kv.getVersion() + " and create_revision "
                    + kv.getCreateRevision();
        }
        if (previous != null && !previous.tombstone() && (kv.getVersion() != previous.kv().getVersion() + 1
                || kv.getCreateRevision() != previous.kv().getCreateRevision())) {
            return "a put whose version " + kv.getVersion() + " or create_revision " + kv.getCreateRevision()
                    + " does not follow the put before it";
        }
        if (kv.getVersion() < 1 || kv.getCreateRevision() < 1 || kv.getCreateRevision() > entry.getRevision()) {
            return "a put with version " + kv.getVersion() + " and create_revision " + kv.getCreateRevision();
        }
        return null;
    }

    private static String brokenTombstoneRule(HistoryEntry entry, KeyHistory.Version previous, long compactRevision) {
        if (previous == null) {
            // Only compaction leaves a tombstone first, and only one exactly at the compacted revision.
            if (entry.getRevision() != compactRevision) {
                return "a first entry that is a tombstone, not at the compacted revision " + compactRevision;
            }
            KeyValue deleted = entry.getKv();
            return deleted.getVersion() >= 1 && deleted.getModRevision() < entry.getRevision() ? null
                    : "a tombstone whose deleted key-value has version " + deleted.getVersion() + " and mod_revision "
                    + deleted.getModRevision();
        }
        if (previous.tombstone()) {
            return "a tombstone after a tombstone";
        }
        if (!entry.getKv().equals(previous.kv())) {
            return "a tombstone whose deleted key-value is not the put before it";
        }
        return null;
    }
}
