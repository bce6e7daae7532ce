package io.raftkv.kv;

import static io.raftkv.kv.KvAssertions.refused;
import static io.raftkv.kv.KvRequests.absent;
import static io.raftkv.kv.KvRequests.bytes;
import static io.raftkv.kv.KvRequests.delete;
import static io.raftkv.kv.KvRequests.op;
import static io.raftkv.kv.KvRequests.range;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import io.raftkv.kv.proto.Compare;
import io.raftkv.kv.proto.KvError;
import io.raftkv.kv.proto.PutRequest;
import io.raftkv.kv.proto.RangeRequest;
import io.raftkv.kv.proto.RequestOp;
import io.raftkv.kv.proto.TxnRequest;
import org.junit.jupiter.api.Test;

class RequestValidatorTest {
    private static final KvLimits LIMITS = KvLimits.DEFAULTS.withMaxTxnOps(4);

    // ---- keys

    @Test
    void anEmptyPutKeyIsMissing() {
        refused(KvError.Code.KEY_MISSING, "put has an empty key", () -> validate(put("")));
    }

    @Test
    void anEmptyRangeKeyIsMissingUnlessTheRangeIsFromKey() {
        refused(KvError.Code.KEY_MISSING, "range has an empty key", () -> validate(range("", "b")));
        refused(KvError.Code.KEY_MISSING, "range has an empty key", () -> validate(range("", "")));
        assertDoesNotThrow(() -> validate(range("", "\0")));
        assertDoesNotThrow(() -> RequestValidator.validateRange(rangeRequest("", "\0"), LIMITS));
    }

    @Test
    void anEmptyDeleteOrCompareKeyIsMissingUnlessTheRangeIsFromKey() {
        refused(KvError.Code.KEY_MISSING, "delete_range has an empty key", () -> validate(delete("", "")));
        assertDoesNotThrow(() -> validate(delete("", "\0")));
        refused(KvError.Code.KEY_MISSING, "in compare[0]: compare has an empty key",
                () -> validate(txn(TxnRequest.newBuilder().addCompare(Compare.newBuilder().setVersion(0)))));
    }

    @Test
    void aKeyOverTheLimitIsTooLargeAndTheMessageNamesTheLimit() {
        KvLimits small = KvLimits.DEFAULTS.withMaxRequestBytes(8);
        refused(KvError.Code.REQUEST_TOO_LARGE, "put key is 9 bytes, the limit is 8",
                () -> RequestValidator.validate(put("123456789"), small));
        refused(KvError.Code.REQUEST_TOO_LARGE, "range key is 9 bytes, the limit is 8",
                () -> RequestValidator.validateRange(rangeRequest("123456789", ""), small));
        assertDoesNotThrow(() -> RequestValidator.validate(put("12345678"), small));
    }

    @Test
    void aRangeEndLongerThanTheKeyLimitIsAllowed() {
        // [k, k + "\0") is a single key at the limit; its end is one byte longer.
        KvLimits small = KvLimits.DEFAULTS.withMaxRequestBytes(8);
        assertDoesNotThrow(() -> RequestValidator.validate(range("12345678", "12345678\0"), small));
    }

    // ---- arguments

    @Test
    void negativeLimitsAndRevisionsAreInvalid() {
        refused(KvError.Code.INVALID_ARGUMENT, "range limit is -1",
                () -> validate(RequestOp.newBuilder().setRequestRange(rangeRequest("a", "").toBuilder().setLimit(-1))
                        .build()));
        refused(KvError.Code.INVALID_ARGUMENT, "range revision is -2",
                () -> RequestValidator.validateRange(rangeRequest("a", "").toBuilder().setRevision(-2).build(), LIMITS));
        refused(KvError.Code.INVALID_ARGUMENT, "range max_create_revision is -3",
                () -> RequestValidator.validateRange(
                        rangeRequest("a", "").toBuilder().setMaxCreateRevision(-3).build(), LIMITS));
    }

    @Test
    void ignoreValueWithAValueIsInvalidLikeEtcd() {
        RequestOp op = RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(bytes("a"))
                .setValue(bytes("v")).setIgnoreValue(true)).build();
        refused(KvError.Code.INVALID_ARGUMENT, "ignore_value", () -> validate(op));
    }

    @Test
    void ignoreLeaseWithALeaseIsInvalidLikeEtcdAndNamesTheLease() {
        RequestOp op = RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(bytes("a"))
                .setLease(31).setIgnoreLease(true)).build();
        refused(KvError.Code.INVALID_ARGUMENT, "lease 0x1f (31)", () -> validate(op));
    }

    @Test
    void unknownEnumValuesAreInvalid() {
        refused(KvError.Code.INVALID_ARGUMENT, "sort_order 9",
                () -> RequestValidator.validateRange(rangeRequest("a", "").toBuilder().setSortOrderValue(9).build(),
                        LIMITS));
        refused(KvError.Code.INVALID_ARGUMENT, "compare target 7", () -> validate(txn(TxnRequest.newBuilder()
                .addCompare(Compare.newBuilder().setKey(bytes("a")).setTargetValue(7)))));
    }

    @Test
    void anOperationWithNoRequestIsInvalid() {
        refused(KvError.Code.INVALID_ARGUMENT, "names no request", () -> validate(RequestOp.getDefaultInstance()));
        refused(KvError.Code.INVALID_ARGUMENT, "in success[0]: operation names no request",
                () -> validate(txn(TxnRequest.newBuilder().addSuccess(RequestOp.getDefaultInstance()))));
    }

    @Test
    void aRefusalInsideANestedTxnSaysWhere() {
        TxnRequest inner = TxnRequest.newBuilder().addFailure(put("")).build();
        refused(KvError.Code.KEY_MISSING, "in success[1]: in failure[0]: put has an empty key",
                () -> validate(txn(TxnRequest.newBuilder().addSuccess(put("a")).addSuccess(txn(inner)))));
    }

    // ---- operations in a txn (etcd: the largest of compares, success, failure; nested ones get what is left)

    @Test
    void aTxnMayHoldMaxTxnOpsInEachBranchAndAsManyCompares() {
        TxnRequest.Builder txn = TxnRequest.newBuilder();
        for (int i = 0; i < 4; i++) {
            txn.addCompare(compare("k" + i)).addSuccess(put("s" + i)).addFailure(put("f" + i));
        }
        assertDoesNotThrow(() -> validate(txn(txn)));
    }

    @Test
    void aBranchOverMaxTxnOpsIsTooManyOpsAndTheMessageNamesTheLimit() {
        TxnRequest.Builder txn = TxnRequest.newBuilder();
        for (int i = 0; i < 5; i++) {
            txn.addFailure(put("f" + i));
        }
        refused(KvError.Code.TOO_MANY_OPS, "txn has 5 failure operations, the limit is 4", () -> validate(txn(txn)));
        KvLimits etcdDefaults = KvLimits.DEFAULTS;
        TxnRequest.Builder big = TxnRequest.newBuilder();
        for (int i = 0; i < 130; i++) {
            big.addSuccess(put("s" + i));
        }
        refused(KvError.Code.TOO_MANY_OPS, "txn has 130 success operations, the limit is 128",
                () -> RequestValidator.validate(txn(big), etcdDefaults));
    }

    @Test
    void comparesCountAgainstMaxTxnOps() {
        TxnRequest.Builder txn = TxnRequest.newBuilder();
        for (int i = 0; i < 5; i++) {
            txn.addCompare(compare("k" + i));
        }
        refused(KvError.Code.TOO_MANY_OPS, "txn has 5 compares, the limit is 4", () -> validate(txn(txn)));
    }

    @Test
    void aNestedTxnGetsWhatItsEnclosingTxnLeaves() {
        // The outer txn counts 3 (its success branch), so a nested txn may hold 4 - 3 = 1.
        TxnRequest fits = TxnRequest.newBuilder().addSuccess(put("n0")).build();
        TxnRequest over = TxnRequest.newBuilder().addSuccess(put("n0")).addSuccess(put("n1")).build();
        assertDoesNotThrow(() -> validate(txn(TxnRequest.newBuilder().addSuccess(put("a")).addSuccess(put("b"))
                .addSuccess(txn(fits)))));
        refused(KvError.Code.TOO_MANY_OPS, "nested txn has 2 success operations, the limit there is 1",
                () -> validate(txn(TxnRequest.newBuilder().addSuccess(put("a")).addSuccess(put("b"))
                        .addSuccess(txn(over)))));
    }

    // ---- duplicate keys (etcd's checkIntervals, with its two loopholes closed)

    @Test
    void aBranchMayNotPutTheSameKeyTwice() {
        refused(KvError.Code.DUPLICATE_KEY, "txn puts key 'a' more than once in one branch",
                () -> validate(txn(TxnRequest.newBuilder().addSuccess(put("a")).addSuccess(put("a")))));
    }

    @Test
    void successAndFailureMayPutTheSameKey() {
        assertDoesNotThrow(() -> validate(txn(TxnRequest.newBuilder().addSuccess(put("a")).addFailure(put("a")))));
    }

    @Test
    void aPutMayNotFallInsideADeleteOfTheSameBranchWhateverTheOrder() {
        refused(KvError.Code.DUPLICATE_KEY, "deletes it",
                () -> validate(txn(TxnRequest.newBuilder().addSuccess(delete("a", "c")).addSuccess(put("b")))));
        refused(KvError.Code.DUPLICATE_KEY, "deletes it",
                () -> validate(txn(TxnRequest.newBuilder().addSuccess(put("b")).addSuccess(delete("a", "c")))));
        refused(KvError.Code.DUPLICATE_KEY, "deletes it",
                () -> validate(txn(TxnRequest.newBuilder().addSuccess(put("b")).addSuccess(delete("b", "")))));
    }

    @Test
    void aPutOutsideTheDeletedRangeIsFree() {
        assertDoesNotThrow(() -> validate(txn(TxnRequest.newBuilder().addSuccess(delete("a", "c"))
                .addSuccess(put("c")).addSuccess(put("0")).addSuccess(delete("e", "d")))));
    }

    @Test
    void aPutInsideAFromKeyDeleteIsADuplicate() {
        // etcd's interval tree misreads range_end "\0" and lets this pass; we do not.
        refused(KvError.Code.DUPLICATE_KEY, "deletes it",
                () -> validate(txn(TxnRequest.newBuilder().addSuccess(delete("a", "\0")).addSuccess(put("zzz")))));
    }

    @Test
    void overlappingDeletesAndReadsAreFree() {
        assertDoesNotThrow(() -> validate(txn(TxnRequest.newBuilder().addSuccess(delete("a", "c"))
                .addSuccess(delete("b", "")).addSuccess(range("a", "z")).addSuccess(put("z")))));
    }

    @Test
    void nestedTxnsCountInTheirEnclosingBranch() {
        TxnRequest putsA = TxnRequest.newBuilder().addFailure(put("a")).build();
        refused(KvError.Code.DUPLICATE_KEY, "more than once",
                () -> validate(txn(TxnRequest.newBuilder().addSuccess(put("a")).addSuccess(txn(putsA)))));
        TxnRequest deletesA = TxnRequest.newBuilder().addSuccess(delete("a", "b")).build();
        refused(KvError.Code.DUPLICATE_KEY, "deletes it",
                () -> validate(txn(TxnRequest.newBuilder().addSuccess(txn(deletesA)).addSuccess(put("a")))));
    }

    @Test
    void aPutInANestedTxnAndADeleteInALaterSiblingConflict() {
        // etcd checks siblings in order and lets this one pass; the two can run together, so we refuse it.
        TxnRequest putsB = TxnRequest.newBuilder().addSuccess(put("b")).build();
        TxnRequest deletesAll = TxnRequest.newBuilder().addFailure(delete("a", "c")).build();
        refused(KvError.Code.DUPLICATE_KEY, "txn puts key 'b' and deletes it",
                () -> validate(txn(TxnRequest.newBuilder().addSuccess(txn(putsB)).addSuccess(txn(deletesAll)))));
    }

    @Test
    void theTwoBranchesOfANestedTxnNeverConflict() {
        TxnRequest either = TxnRequest.newBuilder().addSuccess(put("a")).addFailure(delete("a", "z"))
                .addFailure(put("zz")).build();
        assertDoesNotThrow(() -> validate(txn(TxnRequest.newBuilder().addSuccess(txn(either)))));
        TxnRequest bothPut = TxnRequest.newBuilder().addSuccess(put("a")).addFailure(put("a")).build();
        assertDoesNotThrow(() -> validate(txn(TxnRequest.newBuilder().addSuccess(txn(bothPut)))));
    }

    @Test
    void deletesMergedAcrossNestedBranchesStillCatchAPut() {
        // [a, b) and [b, d) touch; a put of 'c' lies in their union, not in the first.
        TxnRequest deletes = TxnRequest.newBuilder().addSuccess(delete("a", "b")).addFailure(delete("b", "d")).build();
        refused(KvError.Code.DUPLICATE_KEY, "'c'",
                () -> validate(txn(TxnRequest.newBuilder().addSuccess(txn(deletes)).addSuccess(put("c")))));
        assertDoesNotThrow(() -> validate(txn(TxnRequest.newBuilder().addSuccess(txn(deletes)).addSuccess(put("d")))));
    }

    @Test
    void theShapeChecksIgnoreLimits() {
        TxnRequest.Builder txn = TxnRequest.newBuilder();
        for (int i = 0; i < 200; i++) {
            txn.addSuccess(put("s" + i));
        }
        assertDoesNotThrow(() -> RequestValidator.validateShape(txn(txn)));
        refused(KvError.Code.DUPLICATE_KEY, "more than once",
                () -> RequestValidator.validateShape(txn(txn.addSuccess(put("s0")))));
    }

    @Test
    void aValidRequestOfEachKindPasses() {
        assertDoesNotThrow(() -> validate(put("a")));
        assertDoesNotThrow(() -> validate(range("a", "")));
        assertDoesNotThrow(() -> validate(delete("a", "b")));
        assertDoesNotThrow(() -> validate(txn(TxnRequest.newBuilder().addCompare(compare("a")).addSuccess(put("a"))
                .addFailure(range("a", "")))));
        assertDoesNotThrow(() -> validate(txn(TxnRequest.newBuilder())));
    }

    // ---- helpers

    private static void validate(RequestOp op) {
        RequestValidator.validate(op, LIMITS);
    }

    private static RequestOp put(String key) {
        return KvRequests.put(key, "");
    }

    private static RangeRequest rangeRequest(String key, String rangeEnd) {
        return KvRequests.rangeRequest(key, rangeEnd).build();
    }

    private static Compare compare(String key) {
        return absent(key).build();
    }

    private static RequestOp txn(TxnRequest.Builder txn) {
        return op(txn);
    }

    private static RequestOp txn(TxnRequest txn) {
        return op(txn.toBuilder());
    }
}
