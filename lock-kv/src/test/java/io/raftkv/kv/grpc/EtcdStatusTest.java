package io.raftkv.kv.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.raftkv.kv.KvException;
import io.raftkv.kv.proto.KvError;
import io.raftkv.raft.runtime.IndeterminateStateException;
import io.raftkv.raft.runtime.NotLeaderException;
import io.raftkv.raft.runtime.ProposalDroppedException;
import io.raftkv.raft.runtime.RaftException;
import io.raftkv.raft.runtime.RequestRejectedException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Each failure of the KV API survives the trip to a gRPC status and back, and the status is etcd's. */
class EtcdStatusTest {
    private static final long MEMBER = 2;

    /** What a client rebuilds from what a server sent, for a request that reached the server. */
    private static RuntimeException roundTrip(Throwable failure, boolean write) {
        return received(EtcdStatus.toStatus(failure), write);
    }

    private static RuntimeException received(StatusRuntimeException status, boolean write) {
        return EtcdStatus.toException(status, MEMBER, write, true);
    }

    @Test
    void everyKvErrorCodeComesBackWithItsCodeAndOurMessage() {
        for (KvError.Code code : KvError.Code.values()) {
            if (code == KvError.Code.UNRECOGNIZED) {
                continue;
            }
            KvException refused = new KvException(code, "why " + code);
            KvException back = assertInstanceOf(KvException.class, roundTrip(new CompletionException(refused), true));
            assertEquals(code, back.code());
            assertEquals("why " + code, back.getMessage());
        }
    }

    @Test
    void kvRefusalsCarryEtcdsCodesAndDescriptions() {
        assertStatus(KvError.Code.LEASE_NOT_FOUND, Status.Code.NOT_FOUND, "etcdserver: requested lease not found");
        assertStatus(KvError.Code.LEASE_EXISTS, Status.Code.FAILED_PRECONDITION, "etcdserver: lease already exists");
        assertStatus(KvError.Code.COMPACTED, Status.Code.OUT_OF_RANGE, "etcdserver: mvcc: required revision has been compacted");
        assertStatus(KvError.Code.FUTURE_REVISION, Status.Code.OUT_OF_RANGE,
                "etcdserver: mvcc: required revision is a future revision");
        assertStatus(KvError.Code.TTL_OUT_OF_RANGE, Status.Code.OUT_OF_RANGE, "etcdserver: too large lease TTL");
        assertStatus(KvError.Code.TOO_MANY_OPS, Status.Code.INVALID_ARGUMENT, "etcdserver: too many operations in txn request");
        assertStatus(KvError.Code.DUPLICATE_KEY, Status.Code.INVALID_ARGUMENT, "etcdserver: duplicate key given in txn request");
        assertStatus(KvError.Code.REQUEST_TOO_LARGE, Status.Code.INVALID_ARGUMENT, "etcdserver: request is too large");
        assertStatus(KvError.Code.KEY_MISSING, Status.Code.INVALID_ARGUMENT, "etcdserver: key is not provided");
        assertStatus(KvError.Code.KEY_NOT_FOUND, Status.Code.INVALID_ARGUMENT, "etcdserver: key not found");
        // etcd has no description of its own for these: ours goes.
        assertStatus(KvError.Code.INVALID_ARGUMENT, Status.Code.INVALID_ARGUMENT, "why INVALID_ARGUMENT");
        assertStatus(KvError.Code.TOO_MANY_LEASES, Status.Code.RESOURCE_EXHAUSTED, "why TOO_MANY_LEASES");
    }

    private static void assertStatus(KvError.Code code, Status.Code status, String description) {
        Status sent = EtcdStatus.toStatus(new KvException(code, "why " + code)).getStatus();
        assertEquals(status, sent.getCode(), code.toString());
        assertEquals(description, sent.getDescription(), code.toString());
        assertEquals(status, EtcdStatus.codeOf(code));
    }

    @Test
    void anEtcdServersRefusalWithoutOurTrailersIsKnownByItsDescription() {
        StatusRuntimeException fromEtcd = Status.OUT_OF_RANGE
                .withDescription("etcdserver: mvcc: required revision has been compacted").asRuntimeException();
        KvException refused = assertInstanceOf(KvException.class, EtcdStatus.toException(fromEtcd, MEMBER, false, true));
        assertEquals(KvError.Code.COMPACTED, refused.code());
        StatusRuntimeException notLeader = Status.FAILED_PRECONDITION.withDescription(EtcdStatus.NOT_LEADER).asRuntimeException();
        assertEquals(0, assertInstanceOf(NotLeaderException.class, EtcdStatus.toException(notLeader, MEMBER, true, true))
                .leaderId());
    }

    @Test
    void notLeaderIsEtcdsStatusAndNamesTheLeaderInATrailer() {
        StatusRuntimeException sent = EtcdStatus.toStatus(new NotLeaderException(MEMBER, 3));
        assertEquals(Status.Code.FAILED_PRECONDITION, sent.getStatus().getCode());
        assertEquals("etcdserver: not leader", sent.getStatus().getDescription());
        assertEquals("3", sent.getTrailers().get(EtcdStatus.LEADER));
        NotLeaderException back = assertInstanceOf(NotLeaderException.class, received(sent, true));
        assertEquals(3, back.leaderId());

        StatusRuntimeException noLeader = EtcdStatus.toStatus(new NotLeaderException(MEMBER, 0));
        assertEquals(Status.Code.UNAVAILABLE, noLeader.getStatus().getCode());
        assertEquals("etcdserver: no leader", noLeader.getStatus().getDescription());
        assertEquals(0, assertInstanceOf(NotLeaderException.class, received(noLeader, true)).leaderId());
    }

    @Test
    void raftFailuresKeepWhetherTheyCertainlyDidNotApply() {
        RaftException dropped = assertInstanceOf(RaftException.class, roundTrip(new ProposalDroppedException(7, 2, 3), true));
        assertTrue(dropped.certainlyNotApplied());
        assertEquals("etcdserver: leader changed", EtcdStatus.toStatus(new ProposalDroppedException(7, 2, 3)).getStatus()
                .getDescription());

        RaftException rejected = assertInstanceOf(RequestRejectedException.class,
                roundTrip(new RequestRejectedException("node 2 is stopped"), true));
        assertTrue(rejected.getMessage().contains("node 2 is stopped"), rejected.getMessage());

        StatusRuntimeException unknown = EtcdStatus.toStatus(new IndeterminateStateException("node 2 stopped mid-write"));
        assertEquals(Status.Code.UNAVAILABLE, unknown.getStatus().getCode());
        assertEquals("etcdserver: request timed out", unknown.getStatus().getDescription());
        RaftException back = assertInstanceOf(IndeterminateStateException.class, received(unknown, false));
        assertTrue(back.getMessage().contains("node 2 stopped mid-write"), back.getMessage());
    }

    @Test
    void aFailureOutsideTheContractIsIndeterminate() {
        StatusRuntimeException sent = EtcdStatus.toStatus(new IllegalStateException("bug"));
        assertEquals(Status.Code.UNKNOWN, sent.getStatus().getCode());
        assertFalse(assertInstanceOf(IndeterminateStateException.class, received(sent, true)).certainlyNotApplied());
    }

    @Test
    void aTransportFailureIsNotAppliedIfNothingWasSentAndIndeterminateForASentWrite() {
        StatusRuntimeException unavailable = Status.UNAVAILABLE.withDescription("io exception").asRuntimeException();
        assertTrue(assertInstanceOf(RequestRejectedException.class, EtcdStatus.toException(unavailable, MEMBER, true, false))
                .certainlyNotApplied(), "never sent");
        assertInstanceOf(IndeterminateStateException.class, EtcdStatus.toException(unavailable, MEMBER, true, true),
                "a write that may have been sent");
        assertInstanceOf(RequestRejectedException.class, EtcdStatus.toException(unavailable, MEMBER, false, true),
                "a read changes nothing, so it may be tried elsewhere");
        StatusRuntimeException late = Status.DEADLINE_EXCEEDED.asRuntimeException();
        assertInstanceOf(IndeterminateStateException.class, EtcdStatus.toException(late, MEMBER, true, true));
    }
}
