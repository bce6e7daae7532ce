package io.raftkv.simulator.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.raftkv.kv.proto.KeyValue;
import io.raftkv.kv.proto.LeaseRevokeResponse;
import io.raftkv.kv.proto.PutResponse;
import io.raftkv.kv.proto.RangeResponse;
import io.raftkv.kv.proto.ResponseHeader;
import io.raftkv.kv.proto.ResponseOp;
import io.raftkv.kv.proto.TxnResponse;
import io.raftkv.simulator.check.Invariant;
import io.raftkv.simulator.check.Violation;
import io.raftkv.simulator.check.Violations;
import io.raftkv.simulator.check.linearizability.CheckResult;
import io.raftkv.simulator.check.linearizability.Op;
import io.raftkv.simulator.check.linearizability.kv.KvInput;
import io.raftkv.simulator.check.linearizability.kv.KvOutput;
import io.raftkv.simulator.loop.EventLoop;
import java.util.List;
import org.junit.jupiter.api.Test;

class KvHistoryCheckTest {
    private static final ByteString A = ByteString.copyFromUtf8("lock/0");
    private static final ByteString B = ByteString.copyFromUtf8("lock/1");

    private final KvHistory history = new KvHistory();
    private final Violations violations = new Violations(new EventLoop());
    private final KvHistoryCheck check = new KvHistoryCheck(violations);

    private KvOp op(KvOp.Kind kind, ByteString key, String value, long lease, long from, long to, KvOp.Outcome outcome,
                    Message answer) {
        KvOp op = history.invoke(1, kind, key, value == null ? null : ByteString.copyFromUtf8(value), lease, from, from);
        history.complete(op, outcome, answer, to, to);
        return op;
    }

    private static ResponseHeader at(long revision) {
        return ResponseHeader.newBuilder().setRevision(revision).build();
    }

    private static TxnResponse created(long revision) {
        return TxnResponse.newBuilder().setHeader(at(revision)).setSucceeded(true).build();
    }

    private static RangeResponse read(long revision, KeyValue... kvs) {
        return RangeResponse.newBuilder().setHeader(at(revision)).addAllKvs(List.of(kvs)).build();
    }

    private List<Invariant> found() {
        return violations.kept().stream().map(Violation::invariant).toList();
    }

    @Test
    void failedOpsAreLeftOutUnknownOnesKeptAndARevokeCoversEveryKeyItsLeaseMayHold() {
        op(KvOp.Kind.CREATE_IF_ABSENT, A, "x", 7, 10, 20, KvOp.Outcome.OK, created(2));
        op(KvOp.Kind.CREATE_IF_ABSENT, B, "y", 7, 30, 40, KvOp.Outcome.UNKNOWN, null);
        op(KvOp.Kind.PUT, A, "z", 0, 50, 60, KvOp.Outcome.FAILED, null);
        op(KvOp.Kind.REVOKE_LEASE, null, null, 7, 70, 80, KvOp.Outcome.OK,
                LeaseRevokeResponse.newBuilder().setHeader(at(3)).build());

        List<Op<KvInput, KvOutput>> ops = KvHistoryCheck.translate(history.ops());

        assertEquals(4, ops.size());
        assertNull(ops.get(1).output(), "an unknown outcome has no answer");
        assertEquals(new KvInput.RevokeLease(7, "lock/0"), ops.get(2).input());
        assertEquals(new KvInput.RevokeLease(7, "lock/1"), ops.get(3).input());
        assertEquals(new KvOutput.RevokeResult(3), ops.get(3).output());
    }

    @Test
    void aHistoryTheStoreCouldHaveProducedPasses() {
        op(KvOp.Kind.CREATE_IF_ABSENT, A, "x", 7, 10, 20, KvOp.Outcome.OK, created(2));
        op(KvOp.Kind.REVOKE_LEASE, null, null, 7, 30, 40, KvOp.Outcome.OK,
                LeaseRevokeResponse.newBuilder().setHeader(at(3)).build());
        op(KvOp.Kind.GET, A, null, 0, 50, 60, KvOp.Outcome.OK, read(3));

        check.check(history.ops());

        assertInstanceOf(CheckResult.Linearizable.class, check.result());
        assertEquals(List.of(), found());
    }

    @Test
    void aReadThatMissesAFinishedRevokeIsNotLinearizable() {
        op(KvOp.Kind.CREATE_IF_ABSENT, A, "x", 7, 10, 20, KvOp.Outcome.OK, created(2));
        op(KvOp.Kind.REVOKE_LEASE, null, null, 7, 30, 40, KvOp.Outcome.OK,
                LeaseRevokeResponse.newBuilder().setHeader(at(3)).build());
        op(KvOp.Kind.GET, A, null, 0, 50, 60, KvOp.Outcome.OK, read(2, KeyValue.newBuilder().setKey(A)
                .setValue(ByteString.copyFromUtf8("x")).setVersion(1).setCreateRevision(2).setModRevision(2).setLease(7)
                .build()));

        check.check(history.ops());

        assertInstanceOf(CheckResult.NotLinearizable.class, check.result());
        assertEquals(List.of(Invariant.LINEARIZABILITY, Invariant.REVISION_ORDER), found());
    }

    @Test
    void aCreateThatFindsTheKeyHeldReadsItsHolder() {
        op(KvOp.Kind.PUT, B, "v", 0, 10, 20, KvOp.Outcome.OK, PutResponse.newBuilder().setHeader(at(2)).build());
        op(KvOp.Kind.CREATE_IF_ABSENT, B, "w", 0, 30, 40, KvOp.Outcome.OK, TxnResponse.newBuilder().setHeader(at(2))
                .setSucceeded(false).addResponses(ResponseOp.newBuilder().setResponseRange(read(2, KeyValue.newBuilder()
                        .setKey(B).setValue(ByteString.copyFromUtf8("v")).setVersion(1).setCreateRevision(2)
                        .setModRevision(2).build()))).build());

        check.check(history.ops());

        assertEquals(List.of(), found());
    }
}
