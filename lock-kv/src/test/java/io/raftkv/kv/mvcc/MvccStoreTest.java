package io.raftkv.kv.mvcc;

import static io.raftkv.kv.KvAssertions.refused;
import static io.raftkv.kv.KvRequests.absent;
import static io.raftkv.kv.KvRequests.bytes;
import static io.raftkv.kv.KvRequests.compare;
import static io.raftkv.kv.KvRequests.delete;
import static io.raftkv.kv.KvRequests.deleteRequest;
import static io.raftkv.kv.KvRequests.op;
import static io.raftkv.kv.KvRequests.put;
import static io.raftkv.kv.KvRequests.putRequest;
import static io.raftkv.kv.KvRequests.range;
import static io.raftkv.kv.KvRequests.rangeRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.raftkv.kv.KvException;
import io.raftkv.kv.proto.Compare.CompareResult;
import io.raftkv.kv.proto.Compare.CompareTarget;
import io.raftkv.kv.proto.Event;
import io.raftkv.kv.proto.KeyHistoryRecord;
import io.raftkv.kv.proto.KeyValue;
import io.raftkv.kv.proto.KvError;
import io.raftkv.kv.proto.RangeRequest;
import io.raftkv.kv.proto.RangeRequest.SortOrder;
import io.raftkv.kv.proto.RangeRequest.SortTarget;
import io.raftkv.kv.proto.RangeResponse;
import io.raftkv.kv.proto.RequestOp;
import io.raftkv.kv.proto.ResponseOp;
import io.raftkv.kv.proto.TxnRequest;
import io.raftkv.kv.proto.TxnResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;

/** etcd v3's documented behaviours of the KV store, one test per rule. */
class MvccStoreTest {
    private static final long LIVE_LEASE = 0x1f;
    private static final LongPredicate LEASES = id -> id == LIVE_LEASE;

    private final MvccStore store = new MvccStore();

    // ---- revisions

    @Test
    void aNewStoreIsAtRevisionOneAndNeverCompacted() {
        assertEquals(1, store.revision());
        assertEquals(0, store.compactRevision());
        assertEquals(0, store.keyCount());
    }

    @Test
    void eachWriteThatChangesSomethingTakesTheNextRevision() {
        assertEquals(2, write(put("a", "1")).revision());
        assertEquals(3, write(put("b", "1")).revision());
        assertEquals(4, write(delete("a", "")).revision());
        assertEquals(4, store.revision());
    }

    @Test
    void aPutAlwaysChangesTheStoreEvenWithTheSameValue() {
        write(put("a", "1"));
        MvccStore.WriteResult again = write(put("a", "1"));
        assertEquals(3, again.revision());
        assertEquals(2, get("a").getVersion());
    }

    @Test
    void theWritesOfATxnShareOneRevisionAndTakeSubRevisionsInOrder() {
        write(put("z", "0"));
        MvccStore.WriteResult result = write(op(TxnRequest.newBuilder().addSuccess(put("b", "1"))
                .addSuccess(delete("z", "")).addSuccess(put("a", "1"))));
        assertEquals(3, result.revision());
        assertEquals(List.of("b", "z", "a"), result.events().stream().map(e -> e.getKv().getKey().toStringUtf8()).toList());
        assertTrue(result.events().stream().allMatch(e -> e.getKv().getModRevision() == 3));
        assertEquals(result.events(), store.history(bytes("a"), bytes("\0"), 3, 10));
    }

    @Test
    void aTxnWhoseBranchDoesNotWriteKeepsTheRevision() {
        write(put("a", "1"));
        MvccStore.WriteResult result = write(op(TxnRequest.newBuilder().addCompare(absent("a"))
                .addSuccess(put("a", "2")).addFailure(range("a", ""))));
        assertFalse(result.response().getResponseTxn().getSucceeded());
        assertEquals(2, result.revision());
        assertEquals(2, result.response().getResponseTxn().getHeader().getRevision());
        assertTrue(result.events().isEmpty());
    }

    @Test
    void aDeleteThatDeletesNothingKeepsTheRevision() {
        write(put("a", "1"));
        MvccStore.WriteResult result = write(delete("b", "c"));
        assertEquals(0, result.response().getResponseDeleteRange().getDeleted());
        assertEquals(2, result.revision());
        assertEquals(2, result.response().getResponseDeleteRange().getHeader().getRevision());
    }

    @Test
    void aBareRangeThroughWriteChangesNothing() {
        write(put("a", "1"));
        MvccStore.WriteResult result = write(range("a", ""));
        assertEquals(2, result.revision());
        assertEquals(1, result.response().getResponseRange().getCount());
        assertTrue(result.events().isEmpty());
    }

    // ---- per key: create_revision, mod_revision, version, lease

    @Test
    void createRevisionIsThePutThatCreatedTheKeyAndVersionCountsItsPuts() {
        write(put("a", "1"));
        write(put("other", "x"));
        write(put("a", "2"));
        KeyValue a = get("a");
        assertEquals(2, a.getCreateRevision());
        assertEquals(4, a.getModRevision());
        assertEquals(2, a.getVersion());
        assertEquals("2", a.getValue().toStringUtf8());
    }

    @Test
    void aDeleteResetsTheVersionAndTheNextPutCreatesTheKeyAgain() {
        write(put("a", "1"));
        write(put("a", "2"));
        write(delete("a", ""));
        write(put("a", "3"));
        KeyValue a = get("a");
        assertEquals(5, a.getCreateRevision());
        assertEquals(1, a.getVersion());
    }

    @Test
    void aPutAttachesTheLeaseItNames() {
        write(op(putRequest("a", "1").setLease(LIVE_LEASE)));
        assertEquals(LIVE_LEASE, get("a").getLease());
        write(put("a", "2"));
        assertEquals(0, get("a").getLease());
    }

    // ---- range

    @Test
    void anEmptyRangeEndMeansJustTheKey() {
        putAll("a", "ab", "b");
        assertEquals(List.of("a"), keys(store.range(rangeRequest("a", "").build())));
    }

    @Test
    void aRangeEndMeansTheHalfOpenInterval() {
        putAll("a", "ab", "b", "c");
        assertEquals(List.of("a", "ab", "b"), keys(store.range(rangeRequest("a", "c").build())));
    }

    @Test
    void aRangeEndOfZeroMeansEveryKeyFromTheKeyOn() {
        putAll("a", "b", "c");
        assertEquals(List.of("b", "c"), keys(store.range(rangeRequest("b", "\0").build())));
    }

    @Test
    void anEmptyKeyWithRangeEndZeroMeansEveryKey() {
        putAll("a", "b", "c");
        assertEquals(List.of("a", "b", "c"), keys(store.range(rangeRequest("", "\0").build())));
    }

    @Test
    void aPrefixIsTheRangeUpToTheIncrementedPrefix() {
        putAll("foo", "foo/a", "foo/b", "fop", "fo");
        assertEquals(List.of("foo/a", "foo/b"), keys(store.range(rangeRequest("foo/", "foo0").build())));
    }

    @Test
    void anInvertedRangeMatchesNothing() {
        putAll("a", "b", "c");
        RangeResponse response = store.range(rangeRequest("c", "a").build());
        assertEquals(0, response.getCount());
        assertEquals(0, response.getKvsCount());
    }

    @Test
    void keysAreOrderedAsUnsignedBytes() {
        write(op(putRequest("a", "1").setKey(ByteString.copyFrom(new byte[] {(byte) 0xff}))));
        write(put("a", "1"));
        List<ByteString> keys = store.range(rangeRequest("", "\0").build()).getKvsList().stream()
                .map(KeyValue::getKey).toList();
        assertEquals(List.of(bytes("a"), ByteString.copyFrom(new byte[] {(byte) 0xff})), keys);
    }

    @Test
    void aLimitCutsTheResultSetsMoreAndTheCountIsEveryKeyInTheRange() {
        putAll("a", "b", "c", "d");
        RangeResponse response = store.range(rangeRequest("a", "\0").setLimit(2).build());
        assertEquals(List.of("a", "b"), keys(response));
        assertTrue(response.getMore());
        assertEquals(4, response.getCount());
        RangeResponse exact = store.range(rangeRequest("a", "\0").setLimit(4).build());
        assertFalse(exact.getMore());
    }

    @Test
    void aRangeAtAPastRevisionSeesTheStoreAsItWasThen() {
        write(put("a", "1"));
        write(put("b", "1"));
        write(put("a", "2"));
        write(delete("b", ""));
        RangeResponse then = store.range(rangeRequest("a", "z").setRevision(3).build());
        assertEquals(List.of("a", "b"), keys(then));
        assertEquals("1", then.getKvs(0).getValue().toStringUtf8());
        assertEquals(5, then.getHeader().getRevision(), "the header carries the current revision");
    }

    @Test
    void aRangeAboveTheCurrentRevisionIsAFutureRevision() {
        write(put("a", "1"));
        refused(KvError.Code.FUTURE_REVISION, "revision 3 is ahead of the store's revision 2",
                () -> store.range(rangeRequest("a", "").setRevision(3).build()));
    }

    @Test
    void aRangeBelowTheCompactedRevisionIsCompactedAndAtItWorks() {
        write(put("a", "1"));
        write(put("a", "2"));
        write(put("a", "3"));
        store.compact(3);
        refused(KvError.Code.COMPACTED, "revision 2 is below the compacted revision 3",
                () -> store.range(rangeRequest("a", "").setRevision(2).build()));
        assertEquals("2", store.range(rangeRequest("a", "").setRevision(3).build()).getKvs(0).getValue().toStringUtf8());
    }

    @Test
    void sortDescendByKeyReversesTheKeys() {
        putAll("a", "b", "c");
        assertEquals(List.of("c", "b", "a"), keys(store.range(rangeRequest("a", "\0")
                .setSortOrder(SortOrder.DESCEND).setSortTarget(SortTarget.KEY).build())));
    }

    @Test
    void sortByATargetSortsByItAndTiesKeepKeyOrder() {
        write(put("a", "1"));
        write(put("b", "1"));
        write(put("c", "1"));
        write(put("a", "2"));
        RangeResponse byVersion = store.range(rangeRequest("a", "\0").setSortOrder(SortOrder.DESCEND)
                .setSortTarget(SortTarget.VERSION).build());
        assertEquals(List.of("a", "b", "c"), keys(byVersion));
        RangeResponse byMod = store.range(rangeRequest("a", "\0").setSortOrder(SortOrder.ASCEND)
                .setSortTarget(SortTarget.MOD).build());
        assertEquals(List.of("b", "c", "a"), keys(byMod));
    }

    @Test
    void sortOrderNoneWithATargetOtherThanKeySortsAscending() {
        write(put("a", "3"));
        write(put("b", "1"));
        write(put("c", "2"));
        assertEquals(List.of("b", "c", "a"), keys(store.range(rangeRequest("a", "\0")
                .setSortTarget(SortTarget.VALUE).build())));
    }

    @Test
    void sortOrderNoneWithATargetSortsOnlyTheKeysTheLimitFetched() {
        // etcd fetches limit + 1 keys in key order, sorts those, then cuts to the limit.
        write(put("a", "3"));
        write(put("b", "2"));
        write(put("c", "1"));
        RangeResponse response = store.range(rangeRequest("a", "\0").setSortTarget(SortTarget.VALUE).setLimit(1)
                .build());
        assertEquals(List.of("b"), keys(response));
        assertTrue(response.getMore());
        RangeResponse ascend = store.range(rangeRequest("a", "\0").setSortTarget(SortTarget.VALUE)
                .setSortOrder(SortOrder.ASCEND).setLimit(1).build());
        assertEquals(List.of("c"), keys(ascend), "an explicit order sorts every key");
    }

    @Test
    void keysOnlyLeavesOutTheValues() {
        write(put("a", "1"));
        KeyValue a = store.range(rangeRequest("a", "").setKeysOnly(true).build()).getKvs(0);
        assertTrue(a.getValue().isEmpty());
        assertEquals(1, a.getVersion());
    }

    @Test
    void countOnlyReturnsNoKeysOnlyTheCount() {
        putAll("a", "b", "c");
        RangeResponse response = store.range(rangeRequest("a", "\0").setCountOnly(true).setLimit(1).build());
        assertEquals(0, response.getKvsCount());
        assertEquals(3, response.getCount());
        assertFalse(response.getMore());
    }

    @Test
    void revisionFiltersDropKeysButTheCountIsTakenBeforeThem() {
        putAll("a", "b", "c", "d");
        RangeResponse response = store.range(rangeRequest("a", "\0").setMinModRevision(3).setMaxModRevision(4)
                .build());
        assertEquals(List.of("b", "c"), keys(response));
        assertEquals(4, response.getCount());
        write(put("a", "2"));
        assertEquals(List.of("b", "c", "d"), keys(store.range(rangeRequest("a", "\0").setMinCreateRevision(3)
                .build())));
        assertEquals(List.of("a"), keys(store.range(rangeRequest("a", "\0").setMaxCreateRevision(2).build())));
    }

    @Test
    void aLimitWithFiltersCutsAfterFiltering() {
        putAll("a", "b", "c", "d");
        RangeResponse response = store.range(rangeRequest("a", "\0").setMinModRevision(3).setLimit(2).build());
        assertEquals(List.of("b", "c"), keys(response));
        assertTrue(response.getMore());
    }

    // ---- put

    @Test
    void aPutWithPrevKvReturnsThePreviousVersion() {
        write(put("a", "1"));
        ResponseOp response = write(op(putRequest("a", "2").setPrevKv(true))).response();
        assertEquals("1", response.getResponsePut().getPrevKv().getValue().toStringUtf8());
        assertEquals(3, response.getResponsePut().getHeader().getRevision());
        ResponseOp first = write(op(putRequest("new", "1").setPrevKv(true))).response();
        assertFalse(first.getResponsePut().hasPrevKv());
    }

    @Test
    void ignoreValueKeepsTheCurrentValue() {
        write(op(putRequest("a", "1")));
        write(op(putRequest("a", "").setIgnoreValue(true).setLease(LIVE_LEASE)));
        assertEquals("1", get("a").getValue().toStringUtf8());
        assertEquals(LIVE_LEASE, get("a").getLease());
        assertEquals(2, get("a").getVersion());
    }

    @Test
    void ignoreLeaseKeepsTheCurrentLease() {
        write(op(putRequest("a", "1").setLease(LIVE_LEASE)));
        write(op(putRequest("a", "2").setIgnoreLease(true)));
        assertEquals(LIVE_LEASE, get("a").getLease());
        assertEquals("2", get("a").getValue().toStringUtf8());
    }

    @Test
    void ignoreValueOrIgnoreLeaseOnAMissingKeyIsKeyNotFoundAndChangesNothing() {
        refused(KvError.Code.KEY_NOT_FOUND, "needs key 'a' to exist",
                () -> write(op(putRequest("a", "").setIgnoreValue(true))));
        refused(KvError.Code.KEY_NOT_FOUND, "ignore_lease", () -> write(op(putRequest("a", "1").setIgnoreLease(true))));
        assertEquals(1, store.revision());
    }

    @Test
    void aPutNamingALeaseThatDoesNotExistIsLeaseNotFoundNamingItInHexAndDecimal() {
        refused(KvError.Code.LEASE_NOT_FOUND, "lease 0x2a (42)", () -> write(op(putRequest("a", "1").setLease(42))));
        assertEquals(0, store.keyCount());
    }

    // ---- delete_range

    @Test
    void aDeleteRangeCountsTheDeletedKeysAndReturnsTheirPrevKvs() {
        putAll("a", "b", "c");
        write(delete("b", ""));
        ResponseOp response = write(op(deleteRequest("a", "\0").setPrevKv(true))).response();
        assertEquals(2, response.getResponseDeleteRange().getDeleted());
        assertEquals(List.of("a", "c"), response.getResponseDeleteRange().getPrevKvsList().stream()
                .map(kv -> kv.getKey().toStringUtf8()).toList());
        assertEquals(0, store.keyCount());
    }

    @Test
    void aDeleteEventCarriesTheKeyAndTheDeletingRevisionOnly() {
        write(op(putRequest("a", "1").setLease(LIVE_LEASE)));
        Event event = write(delete("a", "")).events().get(0);
        assertEquals(Event.EventType.DELETE, event.getType());
        assertEquals(KeyValue.newBuilder().setKey(bytes("a")).setModRevision(3).build(), event.getKv());
        assertEquals(get(2, "a"), event.getPrevKv());
    }

    @Test
    void writeEventsCarryPrevKvWhenTheKeyExisted() {
        Event created = write(put("a", "1")).events().get(0);
        assertFalse(created.hasPrevKv());
        Event updated = write(put("a", "2")).events().get(0);
        assertEquals("1", updated.getPrevKv().getValue().toStringUtf8());
        assertEquals(get("a"), updated.getKv());
    }

    // ---- txn

    @Test
    void allComparesMustHoldForTheSuccessBranch() {
        write(put("a", "1"));
        TxnRequest.Builder txn = TxnRequest.newBuilder()
                .addCompare(compare("a", CompareTarget.VALUE, CompareResult.EQUAL).setValue(bytes("1")))
                .addCompare(absent("b")).addSuccess(put("ok", "")).addFailure(put("failed", ""));
        assertTrue(write(op(txn)).response().getResponseTxn().getSucceeded());
        write(put("b", "1"));
        assertFalse(write(op(txn)).response().getResponseTxn().getSucceeded());
        assertEquals(List.of("a", "b", "failed", "ok"), keys(store.range(rangeRequest("", "\0").build())));
    }

    @Test
    void everyCompareTargetAndResult() {
        write(put("x", "1"));
        write(op(putRequest("k", "m").setLease(LIVE_LEASE)));
        write(put("k", "m"));
        write(op(putRequest("k", "m").setLease(LIVE_LEASE))); // k: create 3, mod 5, version 3, value m, lease 0x1f
        assertCompare(true, compare("k", CompareTarget.VERSION, CompareResult.EQUAL).setVersion(3));
        assertCompare(true, compare("k", CompareTarget.VERSION, CompareResult.GREATER).setVersion(2));
        assertCompare(false, compare("k", CompareTarget.VERSION, CompareResult.LESS).setVersion(3));
        assertCompare(true, compare("k", CompareTarget.CREATE, CompareResult.EQUAL).setCreateRevision(3));
        assertCompare(true, compare("k", CompareTarget.CREATE, CompareResult.NOT_EQUAL).setCreateRevision(0));
        assertCompare(true, compare("k", CompareTarget.MOD, CompareResult.LESS).setModRevision(6));
        assertCompare(false, compare("k", CompareTarget.MOD, CompareResult.GREATER).setModRevision(5));
        assertCompare(true, compare("k", CompareTarget.VALUE, CompareResult.GREATER).setValue(bytes("a")));
        assertCompare(true, compare("k", CompareTarget.VALUE, CompareResult.LESS).setValue(bytes("n")));
        assertCompare(false, compare("k", CompareTarget.VALUE, CompareResult.NOT_EQUAL).setValue(bytes("m")));
        assertCompare(true, compare("k", CompareTarget.LEASE, CompareResult.EQUAL).setLease(LIVE_LEASE));
        assertCompare(false, compare("x", CompareTarget.LEASE, CompareResult.NOT_EQUAL).setLease(0));
    }

    @Test
    void anAbsentKeyComparesAsAllZeros() {
        assertCompare(true, absent("nope"));
        assertCompare(true, compare("nope", CompareTarget.VERSION, CompareResult.EQUAL).setVersion(0));
        assertCompare(true, compare("nope", CompareTarget.MOD, CompareResult.LESS).setModRevision(1));
        assertCompare(true, compare("nope", CompareTarget.LEASE, CompareResult.EQUAL).setLease(0));
        write(put("nope", ""));
        assertCompare(false, absent("nope"));
    }

    @Test
    void aValueCompareOnAnAbsentKeyIsFalseWhateverTheResult() {
        assertCompare(false, compare("nope", CompareTarget.VALUE, CompareResult.EQUAL).setValue(ByteString.EMPTY));
        assertCompare(false, compare("nope", CompareTarget.VALUE, CompareResult.NOT_EQUAL).setValue(bytes("x")));
    }

    @Test
    void aCompareWithARangeEndMustHoldForEveryKeyInTheRange() {
        write(put("a/1", "x"));
        write(put("a/2", "x"));
        assertCompare(true, compare("a/", CompareTarget.VALUE, CompareResult.EQUAL).setValue(bytes("x"))
                .setRangeEnd(bytes("a0")));
        write(put("a/3", "y"));
        assertCompare(false, compare("a/", CompareTarget.VALUE, CompareResult.EQUAL).setValue(bytes("x"))
                .setRangeEnd(bytes("a0")));
    }

    @Test
    void aCompareOverARangeWithNoKeysComparesOneAbsentKey() {
        write(put("b", "x"));
        assertCompare(true, compare("c", CompareTarget.VERSION, CompareResult.EQUAL).setVersion(0)
                .setRangeEnd(bytes("z")));
        assertCompare(false, compare("c", CompareTarget.VERSION, CompareResult.GREATER).setVersion(0)
                .setRangeEnd(bytes("z")));
    }

    @Test
    void comparesSeeTheStoreAsItWasBeforeTheTxnNestedOnesToo() {
        TxnRequest.Builder nested = TxnRequest.newBuilder().addCompare(absent("a"))
                .addSuccess(put("saw-no-a", "")).addFailure(put("saw-a", ""));
        write(op(TxnRequest.newBuilder().addSuccess(put("a", "1")).addSuccess(op(nested))));
        assertEquals(List.of("a", "saw-no-a"), keys(store.range(rangeRequest("", "\0").build())));
    }

    @Test
    void readsInsideATxnSeeItsEarlierWrites() {
        write(put("a", "1"));
        TxnResponse txn = write(op(TxnRequest.newBuilder().addSuccess(range("a", "")).addSuccess(put("a", "2"))
                .addSuccess(range("a", "")).addSuccess(op(rangeRequest("a", "").setRevision(2))))).response()
                .getResponseTxn();
        assertEquals("1", txn.getResponses(0).getResponseRange().getKvs(0).getValue().toStringUtf8());
        assertEquals("2", txn.getResponses(2).getResponseRange().getKvs(0).getValue().toStringUtf8());
        assertEquals("1", txn.getResponses(3).getResponseRange().getKvs(0).getValue().toStringUtf8());
    }

    @Test
    void responseHeadersInsideATxnCarryWhatEtcdsDo() {
        write(put("a", "1"));
        TxnResponse txn = write(op(TxnRequest.newBuilder().addSuccess(range("a", "")).addSuccess(delete("none", ""))
                .addSuccess(put("b", "1")).addSuccess(range("a", "")).addSuccess(delete("none", ""))
                .addSuccess(op(TxnRequest.newBuilder().addSuccess(put("c", "1")))))).response().getResponseTxn();
        assertEquals(2, txn.getResponses(0).getResponseRange().getHeader().getRevision(), "a read before any write");
        assertEquals(2, txn.getResponses(1).getResponseDeleteRange().getHeader().getRevision(),
                "a delete of nothing before any write");
        assertEquals(3, txn.getResponses(2).getResponsePut().getHeader().getRevision());
        assertEquals(3, txn.getResponses(3).getResponseRange().getHeader().getRevision(), "a read after a write");
        assertEquals(3, txn.getResponses(4).getResponseDeleteRange().getHeader().getRevision(),
                "a delete of nothing after a write");
        assertEquals(0, txn.getResponses(5).getResponseTxn().getHeader().getRevision(),
                "etcd fills only the outermost txn's header");
        assertEquals(3, txn.getHeader().getRevision());
    }

    @Test
    void aNestedTxnReturnsANestedTxnResponse() {
        TxnRequest.Builder nested = TxnRequest.newBuilder().addCompare(absent("a")).addSuccess(range("a", ""))
                .addFailure(op(putRequest("b", "1").setPrevKv(true)));
        write(put("a", "1"));
        TxnResponse txn = write(op(TxnRequest.newBuilder().addSuccess(op(nested)).addSuccess(range("b", ""))))
                .response().getResponseTxn();
        TxnResponse inner = txn.getResponses(0).getResponseTxn();
        assertFalse(inner.getSucceeded());
        assertTrue(inner.getResponses(0).hasResponsePut());
        assertEquals(1, txn.getResponses(1).getResponseRange().getCount());
    }

    @Test
    void aRefusedTxnChangesNothing() {
        write(put("a", "1"));
        refused(KvError.Code.LEASE_NOT_FOUND, "lease 0x9 (9)",
                () -> write(op(TxnRequest.newBuilder().addSuccess(put("b", "1")).addSuccess(delete("a", ""))
                        .addSuccess(op(putRequest("c", "1").setLease(9))))));
        assertEquals(2, store.revision());
        assertEquals(List.of("a"), keys(store.range(rangeRequest("", "\0").build())));
        assertEquals(1, store.history(bytes(""), bytes("\0"), 1, 10).size());
    }

    @Test
    void aRefusalOnTheBranchNotTakenDoesNotRefuseTheTxn() {
        MvccStore.WriteResult result = write(op(TxnRequest.newBuilder().addSuccess(put("a", "1"))
                .addFailure(op(putRequest("b", "1").setLease(9)))));
        assertTrue(result.response().getResponseTxn().getSucceeded());
    }

    @Test
    void aRangeInsideATxnAtAFutureRevisionRefusesTheTxn() {
        refused(KvError.Code.FUTURE_REVISION, "revision 2",
                () -> write(op(TxnRequest.newBuilder().addSuccess(put("a", "1"))
                        .addSuccess(op(rangeRequest("a", "").setRevision(2))))));
        assertEquals(1, store.revision());
    }

    @Test
    void theLockRecipeTakesAFreeLockAndReportsAHeldOne() {
        RequestOp lock = op(TxnRequest.newBuilder().addCompare(absent("/cron/lock/job9"))
                .addSuccess(op(putRequest("/cron/lock/job9", "me").setLease(LIVE_LEASE)))
                .addFailure(range("/cron/lock/job9", "")));
        assertTrue(write(lock).response().getResponseTxn().getSucceeded());
        TxnResponse held = write(lock).response().getResponseTxn();
        assertFalse(held.getSucceeded());
        assertEquals("me", held.getResponses(0).getResponseRange().getKvs(0).getValue().toStringUtf8());
    }

    @Test
    void writeRefusesMalformedRequestsToo() {
        refused(KvError.Code.DUPLICATE_KEY, "more than once",
                () -> write(op(TxnRequest.newBuilder().addSuccess(put("a", "1")).addSuccess(put("a", "2")))));
        refused(KvError.Code.KEY_MISSING, "empty key", () -> write(put("", "1")));
        refused(KvError.Code.INVALID_ARGUMENT, "limit is -1",
                () -> store.range(rangeRequest("a", "").setLimit(-1).build()));
        assertEquals(1, store.revision());
    }

    // ---- compaction

    @Test
    void compactionKeepsRangesAtAndAboveTheCompactedRevision() {
        write(put("a", "1"));
        write(put("b", "1"));
        write(put("a", "2"));
        write(delete("b", ""));
        write(put("c", "1"));
        List<RangeResponse> before = new ArrayList<>();
        for (long revision = 4; revision <= 6; revision++) {
            before.add(store.range(rangeRequest("", "\0").setRevision(revision).build()));
        }
        store.compact(4);
        for (long revision = 4; revision <= 6; revision++) {
            assertEquals(before.get((int) revision - 4), store.range(rangeRequest("", "\0").setRevision(revision)
                    .build()));
        }
        assertEquals(4, store.compactRevision());
    }

    @Test
    void compactingAtOrBelowTheCompactedRevisionIsCompactedAndAboveTheStoreIsFuture() {
        write(put("a", "1"));
        write(put("a", "2"));
        store.compact(2);
        refused(KvError.Code.COMPACTED, "at or below the compacted revision 2", () -> store.compact(2));
        refused(KvError.Code.FUTURE_REVISION, "revision 4", () -> store.compact(4));
        store.compact(3);
        assertEquals(3, store.compactRevision());
    }

    @Test
    void compactionDropsAKeyDeletedBelowTheCompactedRevision() {
        write(put("a", "1"));
        write(delete("a", ""));
        write(put("b", "1"));
        store.compact(4);
        assertEquals(List.of("b"), historyKeys());
    }

    @Test
    void compactionKeepsATombstoneExactlyAtTheCompactedRevision() {
        write(put("a", "1"));
        write(delete("a", ""));
        store.compact(3);
        assertEquals(List.of("a"), historyKeys());
        List<Event> events = store.history(bytes("a"), ByteString.EMPTY, 3, 10);
        assertEquals(1, events.size());
        assertEquals(Event.EventType.DELETE, events.get(0).getType());
        assertEquals("1", events.get(0).getPrevKv().getValue().toStringUtf8(), "the deleted version is kept");
    }

    @Test
    void compactionKeepsTheNewestVersionAtOrBelowItAndEverythingNewer() {
        write(put("a", "1"));
        write(put("a", "2"));
        write(put("a", "3"));
        write(put("a", "4"));
        store.compact(3);
        List<KeyHistoryRecord> records = new ArrayList<>();
        store.forEachKeyHistory(records::add);
        assertEquals(List.of(3L, 4L, 5L), records.get(0).getEntriesList().stream().map(e -> e.getRevision()).toList());
    }

    // ---- history

    @Test
    void historyReturnsTheEventsInRevisionAndSubRevisionOrderUpToMax() {
        write(put("b", "1"));
        write(op(TxnRequest.newBuilder().addSuccess(put("c", "1")).addSuccess(put("a", "1"))));
        write(put("b", "2"));
        List<Event> all = store.history(bytes("a"), bytes("\0"), 1, 100);
        assertEquals(List.of("b", "c", "a", "b"), all.stream().map(e -> e.getKv().getKey().toStringUtf8()).toList());
        assertEquals(all.subList(0, 2), store.history(bytes("a"), bytes("\0"), 1, 2));
        assertEquals(all.subList(1, 4), store.history(bytes("a"), bytes("\0"), 3, 100));
        assertEquals(List.of(all.get(0), all.get(3)), store.history(bytes("b"), ByteString.EMPTY, 1, 100));
        assertTrue(store.history(bytes("a"), bytes("\0"), 5, 100).isEmpty());
    }

    @Test
    void historyBelowTheCompactedRevisionIsCompacted() {
        write(put("a", "1"));
        write(put("a", "2"));
        store.compact(3);
        refused(KvError.Code.COMPACTED, "history from revision 2 is below the compacted revision 3",
                () -> store.history(bytes("a"), ByteString.EMPTY, 2, 10));
    }

    @Test
    void historyEventsCarryPrevKvOnlyWhileThePreviousVersionIsRetained() {
        write(put("a", "1"));
        write(put("a", "2"));
        write(put("a", "3"));
        store.compact(3);
        List<Event> events = store.history(bytes("a"), ByteString.EMPTY, 3, 10);
        assertFalse(events.get(0).hasPrevKv(), "the version before the compacted revision is gone");
        assertEquals("2", events.get(1).getPrevKv().getValue().toStringUtf8());
    }

    @Test
    void historyAfterADeleteHasNoPrevKvForTheRecreatingPut() {
        write(put("a", "1"));
        write(delete("a", ""));
        write(put("a", "2"));
        List<Event> events = store.history(bytes("a"), ByteString.EMPTY, 4, 10);
        assertFalse(events.get(0).hasPrevKv());
    }

    // ---- live keys and snapshots

    @Test
    void forEachLiveVisitsTheLiveKeysInKeyOrderAndKeyCountCountsThem() {
        putAll("c", "a", "b");
        write(delete("b", ""));
        List<String> live = new ArrayList<>();
        store.forEachLive(kv -> live.add(kv.getKey().toStringUtf8()));
        assertEquals(List.of("a", "c"), live);
        assertEquals(2, store.keyCount());
    }

    @Test
    void aRestoredStoreAnswersAsTheOriginal() {
        write(op(putRequest("a", "1").setLease(LIVE_LEASE)));
        write(put("b", "1"));
        write(delete("a", ""));
        write(put("a", "2"));
        write(put("c", "1"));
        store.compact(4);
        List<KeyHistoryRecord> records = new ArrayList<>();
        store.forEachKeyHistory(records::add);
        MvccStore restored = MvccStore.restore(store.revision(), store.compactRevision(), records.iterator());
        assertEquals(store.revision(), restored.revision());
        assertEquals(store.compactRevision(), restored.compactRevision());
        assertEquals(store.keyCount(), restored.keyCount());
        List<KeyHistoryRecord> again = new ArrayList<>();
        restored.forEachKeyHistory(again::add);
        assertEquals(records, again);
        assertEquals(store.history(bytes(""), bytes("\0"), 4, 100), restored.history(bytes(""), bytes("\0"), 4, 100));
        assertEquals(write(put("d", "1")), restored.write(put("d", "1"), LEASES));
    }

    @Test
    void restoreRefusesKeysOutOfOrderOrABrokenHistoryNamingWhere() {
        write(put("a", "1"));
        write(put("b", "1"));
        write(put("b", "2"));
        List<KeyHistoryRecord> records = new ArrayList<>();
        store.forEachKeyHistory(records::add);
        IllegalArgumentException outOfOrder = assertThrows(IllegalArgumentException.class,
                () -> MvccStore.restore(4, 0, List.of(records.get(1), records.get(0)).iterator()));
        assertTrue(outOfOrder.getMessage().contains("'a' does not follow 'b'"), outOfOrder.getMessage());
        KeyHistoryRecord skipped = records.get(1).toBuilder().removeEntries(0).build();
        IllegalArgumentException broken = assertThrows(IllegalArgumentException.class,
                () -> MvccStore.restore(4, 0, List.of(records.get(0), skipped).iterator()));
        assertTrue(broken.getMessage().contains("snapshot key 'b', entry 0"), broken.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MvccStore.restore(3, 0, records.iterator()),
                "an entry above the snapshot's revision");
    }

    // ---- helpers

    private MvccStore.WriteResult write(RequestOp op) {
        return store.write(op, LEASES);
    }

    private void putAll(String... keys) {
        for (String key : keys) {
            write(put(key, "v"));
        }
    }

    private KeyValue get(String key) {
        return store.range(rangeRequest(key, "").build()).getKvs(0);
    }

    private KeyValue get(long revision, String key) {
        return store.range(rangeRequest(key, "").setRevision(revision).build()).getKvs(0);
    }

    private void assertCompare(boolean holds, io.raftkv.kv.proto.Compare.Builder compare) {
        long revision = store.revision();
        MvccStore.WriteResult result = write(op(TxnRequest.newBuilder().addCompare(compare)));
        assertEquals(holds, result.response().getResponseTxn().getSucceeded(), compare.toString());
        assertEquals(revision, store.revision());
    }

    private List<String> historyKeys() {
        List<String> keys = new ArrayList<>();
        store.forEachKeyHistory(record -> keys.add(record.getKey().toStringUtf8()));
        return keys;
    }

    private static List<String> keys(RangeResponse response) {
        return response.getKvsList().stream().map(kv -> kv.getKey().toStringUtf8()).toList();
    }
}
