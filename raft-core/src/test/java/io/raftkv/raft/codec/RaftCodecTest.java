package io.raftkv.raft.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.raftkv.raft.Entry;
import io.raftkv.raft.HardState;
import io.raftkv.raft.message.AppendEntries;
import io.raftkv.raft.message.Heartbeat;
import io.raftkv.raft.message.Message;
import io.raftkv.raft.message.RequestVote;
import io.raftkv.raft.message.TimeoutNow;
import io.raftkv.raft.proto.AppendEntriesProto;
import io.raftkv.raft.proto.EntryProto;
import io.raftkv.raft.proto.EntryTypeProto;
import io.raftkv.raft.proto.HardStateProto;
import io.raftkv.raft.proto.HeartbeatProto;
import io.raftkv.raft.proto.RaftMessageProto;
import io.raftkv.raft.proto.RequestVoteProto;
import io.raftkv.raft.proto.TimeoutNowProto;
import io.raftkv.raft.util.Check;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Examples of every kind of bad input the decoder refuses, and what it says about each. */
class RaftCodecTest {

    private static final long UINT64_MAX = -1L;

    private static RaftMessageProto.Builder header() {
        return RaftMessageProto.newBuilder().setFrom(1).setTo(2).setTerm(5);
    }

    private static EntryProto.Builder entry(long index, long term) {
        return EntryProto.newBuilder().setIndex(index).setTerm(term).setType(EntryTypeProto.ENTRY_NORMAL)
                .setData(ByteString.copyFromUtf8("x"));
    }

    private static RaftMessageProto append(long prevLogIndex, long prevLogTerm, EntryProto.Builder... entries) {
        AppendEntriesProto.Builder append = AppendEntriesProto.newBuilder()
                .setPrevLogIndex(prevLogIndex).setPrevLogTerm(prevLogTerm);
        for (EntryProto.Builder entry : entries) {
            append.addEntries(entry);
        }
        return header().setAppendEntries(append).build();
    }

    /** Decoding must fail with a CodecException whose message contains every fragment. */
    private static void assertRefused(RaftMessageProto proto, String... fragments) {
        CodecException e = assertThrows(CodecException.class, () -> RaftCodec.decodeMessage(proto.toByteArray()));
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), () -> "'" + fragment + "' missing in: " + e.getMessage());
        }
    }

    @Test
    void unparseableBytesAreRefusedWithTheirLength() {
        byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff};

        CodecException e = assertThrows(CodecException.class, () -> RaftCodec.decodeMessage(garbage));

        assertTrue(e.getMessage().contains("cannot parse RaftMessageProto from 3 bytes"), e.getMessage());
        assertThrows(CodecException.class, () -> RaftCodec.decodeEntry(garbage));
        assertThrows(CodecException.class, () -> RaftCodec.decodeHardState(ByteString.copyFrom(garbage)));
    }

    @Test
    void strayEndGroupTagIsRefusedByBothByteArrayAndByteStringDecoding() {
        byte[] valid = RaftCodec.encode(new TimeoutNow(1, 2, 3));
        byte[] withEndGroup = new byte[valid.length + 2];
        System.arraycopy(valid, 0, withEndGroup, 0, valid.length);
        withEndGroup[valid.length] = 0x0c; // field 1, wire type 4 (end group)
        withEndGroup[valid.length + 1] = 0x08;

        assertThrows(CodecException.class, () -> RaftCodec.decodeMessage(withEndGroup));
        assertThrows(CodecException.class, () -> RaftCodec.decodeMessage(ByteString.copyFrom(withEndGroup)));
    }

    @Test
    void emptyBytesAreAMessageWithoutBody() {
        CodecException e = assertThrows(CodecException.class, () -> RaftCodec.decodeMessage(new byte[0]));

        assertTrue(e.getMessage().contains("no body"), e.getMessage());
    }

    @Test
    void messageWithoutBodyIsRefused() {
        assertRefused(header().build(), "no body");
    }

    @Test
    void messageWithAnUnknownBodyFieldIsRefusedAsHavingNoBody() {
        // Field 99, varint 1: unknown to this version, so the oneof stays unset.
        byte[] bytes = header().build().toByteString()
                .concat(ByteString.copyFrom(new byte[] {(byte) 0x98, 0x06, 0x01})).toByteArray();

        CodecException e = assertThrows(CodecException.class, () -> RaftCodec.decodeMessage(bytes));

        assertTrue(e.getMessage().contains("no body"), e.getMessage());
    }

    @Test
    void unknownFieldsBesideTheBodyAreIgnored() throws CodecException {
        Message message = new TimeoutNow(1, 2, 3);
        byte[] bytes = ByteString.copyFrom(RaftCodec.encode(message))
                .concat(ByteString.copyFrom(new byte[] {(byte) 0x98, 0x06, 0x01})).toByteArray();

        assertEquals(message, RaftCodec.decodeMessage(bytes));
    }

    @Test
    void unspecifiedEntryTypeIsRefused() {
        assertRefused(append(0, 0, entry(1, 5).setType(EntryTypeProto.ENTRY_TYPE_UNSPECIFIED)),
                "entries[0]", "type is unspecified");
    }

    @Test
    void unknownEntryTypeIsRefusedWithItsNumber() {
        assertRefused(append(0, 0, entry(1, 5).setTypeValue(7)), "entries[0]", "type 7 is unknown");

        EntryProto unknown = entry(1, 1).setTypeValue(7).build();
        CodecException e = assertThrows(CodecException.class, () -> RaftCodec.decodeEntry(unknown.toByteArray()));
        assertTrue(e.getMessage().contains("invalid Entry: type 7 is unknown"), e.getMessage());
    }

    @Test
    void zeroEntryIndexOrTermIsRefusedNotAnInvariantViolation() {
        CodecException index = assertThrows(CodecException.class,
                () -> RaftCodec.decodeEntry(entry(0, 1).build().toByteArray()));
        CodecException term = assertThrows(CodecException.class,
                () -> RaftCodec.decodeEntry(entry(1, 0).build().toByteArray()));

        assertTrue(index.getMessage().contains("index must be positive, was 0"), index.getMessage());
        assertTrue(term.getMessage().contains("term must be positive, was 0"), term.getMessage());
    }

    @Test
    void entryIndexAboveLongMaxIsRefusedShowingTheUnsignedValue() {
        CodecException e = assertThrows(CodecException.class,
                () -> RaftCodec.decodeEntry(entry(UINT64_MAX, 1).build().toByteArray()));

        assertTrue(e.getMessage().contains("18446744073709551615"), e.getMessage());
    }

    @Test
    void hardStateFieldAboveLongMaxIsRefused() {
        byte[] bytes = HardStateProto.newBuilder().setTerm(3).setVotedFor(UINT64_MAX).build().toByteArray();

        CodecException e = assertThrows(CodecException.class, () -> RaftCodec.decodeHardState(bytes));

        assertTrue(e.getMessage().contains("invalid HardState: votedFor must be between 0 and"), e.getMessage());
    }

    @Test
    void zeroOrHugeSenderOrReceiverIsRefused() {
        TimeoutNowProto body = TimeoutNowProto.getDefaultInstance();
        assertRefused(header().setFrom(0).setTimeoutNow(body).build(), "TimeoutNow", "from must be positive, was 0");
        assertRefused(header().setTo(0).setTimeoutNow(body).build(), "to must be positive, was 0");
        assertRefused(header().setTo(UINT64_MAX).setTimeoutNow(body).build(), "to must be positive");
    }

    @Test
    void termAboveLongMaxIsRefused() {
        assertRefused(header().setTerm(UINT64_MAX).setTimeoutNow(TimeoutNowProto.getDefaultInstance()).build(),
                "term must be between 0 and 9223372036854775807");
    }

    @Test
    void heartbeatFieldsAboveLongMaxAreRefused() {
        assertRefused(header().setHeartbeat(HeartbeatProto.newBuilder().setReadContext(UINT64_MAX)).build(),
                "Heartbeat", "readContext");
    }

    @Test
    void logPositionWithTermButNoIndexOrTheReverseIsRefused() {
        assertRefused(header().setRequestVote(RequestVoteProto.newBuilder().setLastLogIndex(0).setLastLogTerm(2)).build(),
                "RequestVote", "lastLogTerm is 2 at lastLogIndex 0");
        assertRefused(append(4, 0), "AppendEntries", "prevLogTerm is 0 at prevLogIndex 4");
    }

    @Test
    void appendWithAGapInIndexesIsRefused() {
        assertRefused(append(3, 2, entry(4, 2), entry(6, 2)), "entries[1] has index 6, expected 5");
        assertRefused(append(3, 2, entry(3, 2)), "entries[0] has index 3, expected 4");
    }

    @Test
    void appendWithDecreasingTermsIsRefused() {
        assertRefused(append(3, 3, entry(4, 2)), "entries[0] has term 2, below the term 3");
        assertRefused(append(3, 2, entry(4, 4), entry(5, 3)), "entries[1] has term 3, below the term 4");
    }

    @Test
    void appendWithEntriesOfALaterTermThanTheLeadersIsRefused() {
        assertRefused(append(0, 0, entry(1, 6)), "entries[0] has term 6, above the message term 5");
    }

    @Test
    void appendRunningPastTheLargestIndexIsRefused() {
        assertRefused(append(Long.MAX_VALUE, 1, entry(1, 1)), "run past the largest index");
    }

    @Test
    void encodingAMessageTheDecoderWouldRefuseIsOurBug() {
        Message badSender = new TimeoutNow(0, 2, 3);
        Message gap = new AppendEntries(1, 2, 5, 0, 0, List.of(Entry.noop(2, 5)), 0);
        Message negative = new Heartbeat(1, 2, -1, 0, 0);

        assertThrows(Check.InvariantViolation.class, () -> RaftCodec.encode(badSender));
        assertThrows(Check.InvariantViolation.class, () -> RaftCodec.encode(gap));
        assertThrows(Check.InvariantViolation.class, () -> RaftCodec.encode(negative));
    }

    @Test
    void entryDataPassesThroughWithoutACopy() throws CodecException {
        Entry entry = Entry.normal(1, 1, ByteString.copyFromUtf8("payload"));
        EntryProto proto = RaftCodec.toProto(entry);

        assertSame(entry.data(), proto.getData());
        assertSame(proto.getData(), RaftCodec.fromProto(proto).data());
    }

    @Test
    void decodingAByteArrayCopiesTheDataSoTheCallerMayReuseTheArray() throws CodecException {
        byte[] bytes = RaftCodec.encode(Entry.normal(1, 1, ByteString.copyFromUtf8("abc")));
        Entry decoded = RaftCodec.decodeEntry(bytes);

        Arrays.fill(bytes, (byte) 0);

        assertEquals(ByteString.copyFromUtf8("abc"), decoded.data());
    }

    @Test
    void oneOfEachMessageKindRoundTrips() throws CodecException {
        Message vote = new RequestVote(1, 2, 7, 10, 6, true, true);
        Message append = new AppendEntries(1, 3, 7, 10, 6,
                List.of(Entry.normal(11, 6, ByteString.copyFromUtf8("a")), Entry.noop(12, 7)), 11);

        assertEquals(vote, RaftCodec.decodeMessage(RaftCodec.encode(vote)));
        assertEquals(append, RaftCodec.decodeMessage(ByteString.copyFrom(RaftCodec.encode(append))));
        assertArrayEquals(RaftCodec.encode(append), RaftCodec.toProto(append).toByteArray());
    }

    @Test
    void snapshotChunkRoundTripsAndItsRulesAreEnforced() throws CodecException {
        Message chunk = new io.raftkv.raft.message.InstallSnapshot(1, 2, 7, 100, 6, 4096,
                ByteString.copyFromUtf8("state"), true, 0xCAFEBABE);
        Message answer = new io.raftkv.raft.message.InstallSnapshotResponse(2, 1, 7, 100, 4101, true);
        assertEquals(chunk, RaftCodec.decodeMessage(RaftCodec.encode(chunk)));
        assertEquals(answer, RaftCodec.decodeMessage(RaftCodec.encode(answer)));
        assertRefused(header().setInstallSnapshot(io.raftkv.raft.proto.InstallSnapshotProto.newBuilder()
                .setSnapshotIndex(0).setSnapshotTerm(1)).build(), "InstallSnapshot", "snapshotIndex must be positive");
        assertRefused(header().setInstallSnapshot(io.raftkv.raft.proto.InstallSnapshotProto.newBuilder()
                .setSnapshotIndex(3).setSnapshotTerm(6)).build(), "snapshotTerm 6 is above the message term 5");
        assertRefused(header().setInstallSnapshotResponse(io.raftkv.raft.proto.InstallSnapshotResponseProto
                .newBuilder().setSnapshotIndex(1).setNextOffset(UINT64_MAX)).build(), "nextOffset must be between");
    }

    @Test
    void snapshotMetaWithTermButNoIndexIsRefused() {
        byte[] bytes = io.raftkv.raft.proto.SnapshotMetaProto.newBuilder().setTerm(3).build().toByteArray();
        CodecException e = assertThrows(CodecException.class, () -> RaftCodec.decodeSnapshotMeta(bytes));
        assertTrue(e.getMessage().contains("SnapshotMeta"), e.getMessage());
    }

    @Test
    void initialHardStateEncodesToNoBytesAndBack() throws CodecException {
        assertEquals(0, RaftCodec.encode(HardState.INITIAL).length);
        assertEquals(HardState.INITIAL, RaftCodec.decodeHardState(new byte[0]));
    }
}
