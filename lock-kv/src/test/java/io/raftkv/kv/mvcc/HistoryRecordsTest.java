package io.raftkv.kv.mvcc;

import static io.raftkv.kv.KvRequests.bytes;
import static io.raftkv.kv.KvRequests.delete;
import static io.raftkv.kv.KvRequests.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.kv.proto.HistoryEntry;
import io.raftkv.kv.proto.KeyHistoryRecord;
import io.raftkv.kv.proto.KeyValue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A snapshot's key record is read back only if it is a history the store could hold; each rule refused by name. */
class HistoryRecordsTest {
    /** Key 'a': put at 2, put at 3, delete at 4, put at 5; the store is at revision 5. */
    private final KeyHistoryRecord record = recordOfA();

    @Test
    void aRecordTheStoreWroteReadsBackAsTheSameHistory() {
        KeyHistory history = HistoryRecords.fromRecord(record, 5, 0);
        assertEquals(record, HistoryRecords.toRecord(bytes("a"), history));
    }

    @Test
    void aRecordWithNoEntriesIsRefused() {
        refused("no entries", record.toBuilder().clearEntries().build(), 5, 0);
    }

    @Test
    void anEntryAboveTheSnapshotRevisionIsRefused() {
        refused("entry 3 (revision 5): revision is outside [1, 4]", record, 4, 0);
    }

    @Test
    void revisionsMustIncrease() {
        HistoryEntry sameRevision = record.getEntries(1).toBuilder().setRevision(2).build();
        refused("entry 1 (revision 2): revision does not follow", record.toBuilder().setEntries(1, sameRevision)
                .build(), 5, 0);
    }

    @Test
    void anEntryForAnotherKeyIsRefused() {
        HistoryEntry other = record.getEntries(0).toBuilder().setKv(record.getEntries(0).getKv().toBuilder()
                .setKey(bytes("b"))).build();
        refused("for key 'b'", record.toBuilder().setEntries(0, other).build(), 5, 0);
    }

    @Test
    void aPutWhoseVersionDoesNotFollowThePutBeforeItIsRefused() {
        HistoryEntry skipped = withKv(record.getEntries(1), record.getEntries(1).getKv().toBuilder().setVersion(3));
        refused("does not follow the put before it", record.toBuilder().setEntries(1, skipped).build(), 5, 0);
    }

    @Test
    void aPutAfterATombstoneMustCreateTheKey() {
        HistoryEntry notCreated = withKv(record.getEntries(3), record.getEntries(3).getKv().toBuilder().setVersion(3));
        refused("creates the key", record.toBuilder().setEntries(3, notCreated).build(), 5, 0);
    }

    @Test
    void aTombstoneMustFollowAPutAndHoldIt() {
        HistoryEntry tombstone = record.getEntries(2);
        refused("a tombstone after a tombstone", record.toBuilder().setEntries(3, tombstone.toBuilder().setRevision(5))
                .build(), 5, 0);
        HistoryEntry wrongKv = withKv(tombstone, record.getEntries(0).getKv().toBuilder());
        refused("not the put before it", record.toBuilder().setEntries(2, wrongKv).build(), 5, 0);
    }

    @Test
    void aTombstoneComesFirstOnlyExactlyAtTheCompactedRevision() {
        KeyHistoryRecord fromTombstone = record.toBuilder().removeEntries(0).removeEntries(0).build();
        assertEquals(2, HistoryRecords.fromRecord(fromTombstone, 5, 4).size());
        refused("not at the compacted revision 3", fromTombstone, 5, 3);
    }

    @Test
    void twoEntriesAtOrBelowTheCompactedRevisionAreRefused() {
        refused("entry 1 (revision 3): a second entry at or below the compacted revision 3", record, 5, 3);
        KeyHistoryRecord compacted = record.toBuilder().removeEntries(0).build();
        assertEquals(3, HistoryRecords.fromRecord(compacted, 5, 3).size());
    }

    private static void refused(String messagePart, KeyHistoryRecord record, long revision, long compactRevision) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> HistoryRecords.fromRecord(record, revision, compactRevision));
        assertTrue(refused.getMessage().contains(messagePart), refused.getMessage());
        assertTrue(refused.getMessage().startsWith("snapshot key 'a'"), refused.getMessage());
    }

    private static HistoryEntry withKv(HistoryEntry entry, KeyValue.Builder kv) {
        return entry.toBuilder().setKv(kv).build();
    }

    private static KeyHistoryRecord recordOfA() {
        MvccStore store = new MvccStore();
        for (var op : List.of(put("a", "1"), put("a", "2"), delete("a", ""), put("a", "3"))) {
            store.write(op, lease -> false);
        }
        List<KeyHistoryRecord> records = new ArrayList<>();
        store.forEachKeyHistory(records::add);
        return records.get(0);
    }
}
