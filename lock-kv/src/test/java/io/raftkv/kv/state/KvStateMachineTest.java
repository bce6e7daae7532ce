package io.raftkv.kv.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.raftkv.kv.KvLimits;
import io.raftkv.kv.api.Bytes;
import io.raftkv.kv.proto.Command;
import io.raftkv.kv.proto.CommandResult;
import io.raftkv.kv.proto.CompactionRequest;
import io.raftkv.kv.proto.Event;
import io.raftkv.kv.proto.KvError;
import io.raftkv.kv.proto.LeaseExpiry;
import io.raftkv.kv.proto.LeaseGrantRequest;
import io.raftkv.kv.proto.LeaseRevokeRequest;
import io.raftkv.kv.proto.PutRequest;
import io.raftkv.kv.proto.RangeRequest;
import io.raftkv.kv.proto.RequestOp;
import io.raftkv.kv.proto.WatchCreateRequest;
import io.raftkv.kv.proto.WatchResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KvStateMachineTest {
    private final KvStateMachine machine = new KvStateMachine(KvLimits.DEFAULTS.withMinLeaseTtlSeconds(2), 1_000);
    private long index;

    private CommandResult apply(Command command) throws IOException {
        return CommandResult.parseFrom(machine.apply(++index, command.toByteString()));
    }

    private CommandResult put(String key, String value, long lease) throws IOException {
        return apply(Command.newBuilder().setWrite(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder()
                .setKey(Bytes.of(key)).setValue(Bytes.of(value)).setLease(lease))).build());
    }

    private CommandResult grant(long id, long ttl) throws IOException {
        return apply(Command.newBuilder().setLeaseGrant(LeaseGrantRequest.newBuilder().setID(id).setTTL(ttl)).build());
    }

    private int liveKeys() {
        return (int) machine.store().range(RangeRequest.newBuilder().setKey(ByteString.EMPTY)
                .setRangeEnd(ByteString.copyFrom(new byte[] {0})).setCountOnly(true).build()).getCount();
    }

    @Test
    void revokingALeaseDeletesItsKeysInOneRevision() throws IOException {
        grant(7, 5);
        put("a", "1", 7);
        put("b", "2", 7);
        put("c", "3", 0);
        long before = machine.store().revision();
        List<WatchResponse> seen = new ArrayList<>();
        machine.watches().create(WatchCreateRequest.newBuilder().setKey(ByteString.EMPTY)
                .setRangeEnd(ByteString.copyFrom(new byte[] {0})).build(), machine.store(), seen::add);
        CommandResult revoked = apply(Command.newBuilder().setLeaseRevoke(LeaseRevokeRequest.newBuilder().setID(7)).build());
        assertFalse(revoked.hasError(), revoked.toString());
        assertEquals(before + 1, revoked.getRevision(), "both deletes share one revision");
        assertEquals(1, liveKeys());
        assertFalse(machine.leases().exists(7));
        List<Event> events = seen.stream().flatMap(r -> r.getEventsList().stream()).toList();
        assertEquals(2, events.size());
        assertTrue(events.stream().allMatch(e -> e.getType() == Event.EventType.DELETE
                && e.getKv().getModRevision() == before + 1));
    }

    @Test
    void anExpiryRevokesLikeARevokeAndASecondOneIsRefused() throws IOException {
        grant(9, 5);
        put("k", "v", 9);
        Command expiry = Command.newBuilder().setLeaseExpiry(LeaseExpiry.newBuilder().setID(9)).build();
        assertFalse(apply(expiry).hasError());
        assertEquals(0, liveKeys());
        CommandResult again = apply(expiry);
        assertEquals(KvError.Code.LEASE_NOT_FOUND, again.getError().getCode());
        assertTrue(again.getError().getMessage().contains("9"), again.getError().getMessage());
    }

    @Test
    void aPutOnAnUnknownLeaseIsRefusedAndChangesNothing() throws IOException {
        long before = machine.store().revision();
        CommandResult refused = put("k", "v", 42);
        assertEquals(KvError.Code.LEASE_NOT_FOUND, refused.getError().getCode());
        assertEquals(before, refused.getRevision());
        assertEquals(0, liveKeys());
    }

    @Test
    void leaseTtlsOutsideTheLimitsAreRefused() throws IOException {
        assertEquals(KvError.Code.TTL_OUT_OF_RANGE, grant(1, 1).getError().getCode(), "below the minimum of 2 s");
        assertEquals(KvError.Code.TTL_OUT_OF_RANGE, grant(1, KvLimits.DEFAULT_MAX_LEASE_TTL_SECONDS + 1).getError().getCode());
        assertFalse(grant(1, 2).hasError());
        assertEquals(KvError.Code.LEASE_EXISTS, grant(1, 2).getError().getCode());
    }

    @Test
    void movingAKeyToAnotherLeaseDetachesItFromTheFirst() throws IOException {
        grant(1, 5);
        grant(2, 5);
        put("k", "v", 1);
        put("k", "v", 2);
        assertEquals(0, machine.leases().get(1).keyCount());
        assertEquals(List.of(Bytes.of("k")), machine.leases().get(2).keys());
        apply(Command.newBuilder().setLeaseRevoke(LeaseRevokeRequest.newBuilder().setID(1)).build());
        assertEquals(1, liveKeys(), "revoking the old lease leaves the moved key alone");
    }

    @Test
    void malformedAndEmptyCommandsAreRefusedWithoutStoppingTheMachine() throws IOException {
        CommandResult malformed = CommandResult.parseFrom(machine.apply(++index, ByteString.copyFrom(new byte[] {(byte) 0xff, 1})));
        assertEquals(KvError.Code.INVALID_ARGUMENT, malformed.getError().getCode());
        assertEquals(KvError.Code.INVALID_ARGUMENT, apply(Command.getDefaultInstance()).getError().getCode());
        assertFalse(put("k", "v", 0).hasError());
    }

    @Test
    void aSnapshotRestoresTheSameStateLeasesAndHistory() throws IOException {
        grant(5, 3);
        put("a", "1", 5);
        put("b", "1", 0);
        put("b", "2", 0);
        apply(Command.newBuilder().setCompaction(CompactionRequest.newBuilder().setRevision(3)).build());
        put("c", "1", 5);
        byte[] snapshot = snapshotOf(machine);

        KvStateMachine restored = new KvStateMachine(KvLimits.DEFAULTS, 1_000);
        restored.restoreSnapshot(new ByteArrayInputStream(snapshot));
        assertArrayEquals(snapshot, snapshotOf(restored), "a restored machine writes the same bytes");
        assertEquals(machine.store().revision(), restored.store().revision());
        assertEquals(machine.store().compactRevision(), restored.store().compactRevision());
        assertEquals(List.of(Bytes.of("a"), Bytes.of("c")), restored.leases().get(5).keys());
        assertEquals(3_000, restored.deadlines().remainingMillis(5), "a restored lease runs a full TTL");
    }

    @Test
    void aTruncatedOrForeignSnapshotIsReportedAsCorrupt() throws IOException {
        grant(5, 3);
        put("a", "1", 5);
        byte[] snapshot = snapshotOf(machine);
        KvStateMachine target = new KvStateMachine(KvLimits.DEFAULTS, 1_000);
        byte[] truncated = java.util.Arrays.copyOf(snapshot, snapshot.length - 3);
        IOException error = assertThrows(IOException.class, () -> target.restoreSnapshot(new ByteArrayInputStream(truncated)));
        assertTrue(error.getMessage().contains("corrupt") || error.getMessage().contains("truncated"), error.getMessage());
        assertThrows(IOException.class, () -> target.restoreSnapshot(new ByteArrayInputStream(new byte[0])));
    }

    private static byte[] snapshotOf(KvStateMachine machine) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        machine.writeSnapshot(out);
        return out.toByteArray();
    }
}
