package io.raftkv.raft.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import io.raftkv.raft.Entry;
import io.raftkv.raft.EntryType;
import io.raftkv.raft.HardState;
import io.raftkv.raft.message.AppendEntries;
import io.raftkv.raft.message.AppendEntriesResponse;
import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.message.Heartbeat;
import io.raftkv.raft.message.HeartbeatResponse;
import io.raftkv.raft.message.InstallSnapshot;
import io.raftkv.raft.message.InstallSnapshotResponse;
import io.raftkv.raft.message.Message;
import io.raftkv.raft.message.RequestVote;
import io.raftkv.raft.message.RequestVoteResponse;
import io.raftkv.raft.message.TimeoutNow;
import io.raftkv.raft.proto.AppendEntriesProto;
import io.raftkv.raft.proto.AppendEntriesResponseProto;
import io.raftkv.raft.proto.EntryProto;
import io.raftkv.raft.proto.EntryTypeProto;
import io.raftkv.raft.proto.HardStateProto;
import io.raftkv.raft.proto.HeartbeatProto;
import io.raftkv.raft.proto.HeartbeatResponseProto;
import io.raftkv.raft.proto.InstallSnapshotProto;
import io.raftkv.raft.proto.InstallSnapshotResponseProto;
import io.raftkv.raft.proto.SnapshotMetaProto;
import io.raftkv.raft.proto.RaftMessageProto;
import io.raftkv.raft.proto.RequestVoteProto;
import io.raftkv.raft.proto.RequestVoteResponseProto;
import io.raftkv.raft.proto.TimeoutNowProto;
import io.raftkv.raft.util.Check;
import java.util.ArrayList;
import java.util.List;

/**
 * The one mapping between raft-core's records and the protobuf formats of {@code raft.proto}:
 * entries and hard state (as stored) and messages (as sent). Nothing else converts them.
 *
 * <p>Encoding takes our own records and cannot fail on input; a message that the decoder would
 * refuse is a bug of ours and fails with {@link Check.InvariantViolation}. Decoding takes
 * untrusted bytes or protos and either returns a valid record or throws {@link CodecException}
 * saying what was wrong; it never lets an invariant violation or any other exception escape.
 * Unknown fields are ignored, so that newer peers may add fields.
 *
 * <p>Entry data is a {@link ByteString} on both sides and passes through without a copy.
 * Decoding a {@code byte[]} copies each entry's data out of the array (the caller may reuse it);
 * decoding a {@link ByteString} shares its bytes, which is safe because ByteString is immutable.
 */
public final class RaftCodec {
    private RaftCodec() {}

    // ---- bytes

    public static byte[] encode(Message message) {
        return toProto(message).toByteArray();
    }

    public static byte[] encode(Entry entry) {
        return toProto(entry).toByteArray();
    }

    public static byte[] encode(HardState hardState) {
        return toProto(hardState).toByteArray();
    }

    public static byte[] encode(SnapshotMeta snapshot) {
        return toProto(snapshot).toByteArray();
    }

    public static SnapshotMeta decodeSnapshotMeta(byte[] bytes) throws CodecException {
        return fromProto(parse(bytes, SnapshotMetaProto.parser(), "SnapshotMetaProto"));
    }

    public static Message decodeMessage(byte[] bytes) throws CodecException {
        return fromProto(parse(bytes, RaftMessageProto.parser(), "RaftMessageProto"));
    }

    public static Message decodeMessage(ByteString bytes) throws CodecException {
        return fromProto(parseSharing(bytes, RaftMessageProto.parser(), "RaftMessageProto"));
    }

    public static Entry decodeEntry(byte[] bytes) throws CodecException {
        return fromProto(parse(bytes, EntryProto.parser(), "EntryProto"));
    }

    public static Entry decodeEntry(ByteString bytes) throws CodecException {
        return fromProto(parseSharing(bytes, EntryProto.parser(), "EntryProto"));
    }

    public static HardState decodeHardState(byte[] bytes) throws CodecException {
        return fromProto(parse(bytes, HardStateProto.parser(), "HardStateProto"));
    }

    public static HardState decodeHardState(ByteString bytes) throws CodecException {
        return fromProto(parseSharing(bytes, HardStateProto.parser(), "HardStateProto"));
    }

    private static <T> T parse(byte[] bytes, Parser<T> parser, String type) throws CodecException {
        try {
            return parser.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw unparseable(type, bytes.length, e);
        }
    }

    private static <T> T parseSharing(ByteString bytes, Parser<T> parser, String type) throws CodecException {
        CodedInputStream input = bytes.newCodedInput();
        input.enableAliasing(true);
        try {
            T parsed = parser.parseFrom(input);
            // Parsing stops early at a stray end-group tag; the byte[] parser checks this itself.
            input.checkLastTagWas(0);
            return parsed;
        } catch (InvalidProtocolBufferException e) {
            throw unparseable(type, bytes.size(), e);
        }
    }

    private static CodecException unparseable(String type, int length, InvalidProtocolBufferException e) {
        return new CodecException("cannot parse " + type + " from " + length + " bytes: " + e.getMessage(), e);
    }

    // ---- entries

    public static EntryProto toProto(Entry entry) {
        return EntryProto.newBuilder()
                .setIndex(entry.index())
                .setTerm(entry.term())
                .setType(toProto(entry.type()))
                .setData(entry.data())
                .build();
    }

    public static Entry fromProto(EntryProto proto) throws CodecException {
        return fromProto(proto, "Entry");
    }

    private static Entry fromProto(EntryProto proto, String where) throws CodecException {
        WireRules.positive(where, "index", proto.getIndex());
        WireRules.positive(where, "term", proto.getTerm());
        EntryType type = fromProto(proto.getType(), proto.getTypeValue(), where);
        try {
            return new Entry(proto.getIndex(), proto.getTerm(), type, proto.getData());
        } catch (Check.InvariantViolation e) {
            throw WireRules.invalid(where, e.getMessage());
        }
    }

    private static EntryTypeProto toProto(EntryType type) {
        return switch (type) {
            case NORMAL -> EntryTypeProto.ENTRY_NORMAL;
            case NOOP -> EntryTypeProto.ENTRY_NOOP;
        };
    }

    private static EntryType fromProto(EntryTypeProto type, int number, String where) throws CodecException {
        return switch (type) {
            case ENTRY_NORMAL -> EntryType.NORMAL;
            case ENTRY_NOOP -> EntryType.NOOP;
            case ENTRY_TYPE_UNSPECIFIED -> throw WireRules.invalid(where,
                    "type is unspecified (ENTRY_TYPE_UNSPECIFIED, 0): every entry is NORMAL or NOOP");
            case UNRECOGNIZED -> throw WireRules.invalid(where,
                    "type " + number + " is unknown: every entry is NORMAL (1) or NOOP (2)");
        };
    }

    // ---- hard state

    public static HardStateProto toProto(HardState hardState) {
        return HardStateProto.newBuilder()
                .setTerm(hardState.term())
                .setVotedFor(hardState.votedFor())
                .setCommitIndex(hardState.commitIndex())
                .build();
    }

    public static HardState fromProto(HardStateProto proto) throws CodecException {
        WireRules.notNegative("HardState", "term", proto.getTerm());
        WireRules.notNegative("HardState", "votedFor", proto.getVotedFor());
        WireRules.notNegative("HardState", "commitIndex", proto.getCommitIndex());
        try {
            return new HardState(proto.getTerm(), proto.getVotedFor(), proto.getCommitIndex());
        } catch (Check.InvariantViolation e) {
            throw WireRules.invalid("HardState", e.getMessage());
        }
    }

    // ---- snapshot meta

    public static SnapshotMetaProto toProto(SnapshotMeta snapshot) {
        return SnapshotMetaProto.newBuilder().setIndex(snapshot.index()).setTerm(snapshot.term()).build();
    }

    public static SnapshotMeta fromProto(SnapshotMetaProto proto) throws CodecException {
        WireRules.notNegative("SnapshotMeta", "index", proto.getIndex());
        WireRules.notNegative("SnapshotMeta", "term", proto.getTerm());
        try {
            return new SnapshotMeta(proto.getIndex(), proto.getTerm());
        } catch (Check.InvariantViolation e) {
            throw WireRules.invalid("SnapshotMeta", e.getMessage());
        }
    }

    // ---- messages

    public static RaftMessageProto toProto(Message message) {
        try {
            WireRules.check(message);
        } catch (CodecException e) {
            Check.that(false, "refusing to encode a message the decoder would refuse: %s", e.getMessage());
        }
        RaftMessageProto.Builder builder = RaftMessageProto.newBuilder()
                .setFrom(message.from())
                .setTo(message.to())
                .setTerm(message.term());
        setBody(builder, message);
        return builder.build();
    }

    public static Message fromProto(RaftMessageProto proto) throws CodecException {
        Message message;
        try {
            message = body(proto);
        } catch (Check.InvariantViolation e) {
            throw new CodecException("invalid " + proto.getBodyCase() + " message: " + e.getMessage(), e);
        }
        WireRules.check(message);
        return message;
    }

    private static void setBody(RaftMessageProto.Builder builder, Message message) {
        if (message instanceof RequestVote m) {
            builder.setRequestVote(RequestVoteProto.newBuilder()
                    .setLastLogIndex(m.lastLogIndex())
                    .setLastLogTerm(m.lastLogTerm())
                    .setPreVote(m.preVote())
                    .setLeadershipTransfer(m.leadershipTransfer()));
        } else if (message instanceof RequestVoteResponse m) {
            builder.setRequestVoteResponse(RequestVoteResponseProto.newBuilder()
                    .setGranted(m.granted())
                    .setPreVote(m.preVote()));
        } else if (message instanceof AppendEntries m) {
            builder.setAppendEntries(toProto(m));
        } else if (message instanceof AppendEntriesResponse m) {
            builder.setAppendEntriesResponse(AppendEntriesResponseProto.newBuilder()
                    .setSuccess(m.success())
                    .setMatchIndex(m.matchIndex())
                    .setConflictTerm(m.conflictTerm())
                    .setConflictIndex(m.conflictIndex())
                    .setLastLogIndex(m.lastLogIndex()));
        } else if (message instanceof Heartbeat m) {
            builder.setHeartbeat(HeartbeatProto.newBuilder()
                    .setCommitIndex(m.commitIndex())
                    .setReadContext(m.readContext()));
        } else if (message instanceof HeartbeatResponse m) {
            builder.setHeartbeatResponse(HeartbeatResponseProto.newBuilder().setReadContext(m.readContext()));
        } else if (message instanceof TimeoutNow) {
            builder.setTimeoutNow(TimeoutNowProto.getDefaultInstance());
        } else if (message instanceof InstallSnapshot m) {
            builder.setInstallSnapshot(InstallSnapshotProto.newBuilder()
                    .setSnapshotIndex(m.snapshotIndex())
                    .setSnapshotTerm(m.snapshotTerm())
                    .setOffset(m.offset())
                    .setData(m.data())
                    .setDone(m.done())
                    .setChecksum(m.checksum()));
        } else if (message instanceof InstallSnapshotResponse m) {
            builder.setInstallSnapshotResponse(InstallSnapshotResponseProto.newBuilder()
                    .setSnapshotIndex(m.snapshotIndex())
                    .setNextOffset(m.nextOffset())
                    .setSuccess(m.success()));
        } else {
            Check.that(false, "no encoding for message type %s", message.getClass().getName());
        }
    }

    private static AppendEntriesProto toProto(AppendEntries append) {
        AppendEntriesProto.Builder builder = AppendEntriesProto.newBuilder()
                .setPrevLogIndex(append.prevLogIndex())
                .setPrevLogTerm(append.prevLogTerm())
                .setLeaderCommit(append.leaderCommit());
        for (Entry entry : append.entries()) {
            builder.addEntries(toProto(entry));
        }
        return builder.build();
    }

    private static Message body(RaftMessageProto proto) throws CodecException {
        long from = proto.getFrom();
        long to = proto.getTo();
        long term = proto.getTerm();
        return switch (proto.getBodyCase()) {
            case REQUEST_VOTE -> {
                RequestVoteProto m = proto.getRequestVote();
                yield new RequestVote(from, to, term, m.getLastLogIndex(), m.getLastLogTerm(),
                        m.getPreVote(), m.getLeadershipTransfer());
            }
            case REQUEST_VOTE_RESPONSE -> {
                RequestVoteResponseProto m = proto.getRequestVoteResponse();
                yield new RequestVoteResponse(from, to, term, m.getGranted(), m.getPreVote());
            }
            case APPEND_ENTRIES -> appendEntries(from, to, term, proto.getAppendEntries());
            case APPEND_ENTRIES_RESPONSE -> {
                AppendEntriesResponseProto m = proto.getAppendEntriesResponse();
                yield new AppendEntriesResponse(from, to, term, m.getSuccess(), m.getMatchIndex(),
                        m.getConflictTerm(), m.getConflictIndex(), m.getLastLogIndex());
            }
            case HEARTBEAT -> new Heartbeat(from, to, term, proto.getHeartbeat().getCommitIndex(),
                    proto.getHeartbeat().getReadContext());
            case HEARTBEAT_RESPONSE -> new HeartbeatResponse(from, to, term, proto.getHeartbeatResponse().getReadContext());
            case TIMEOUT_NOW -> new TimeoutNow(from, to, term);
            case INSTALL_SNAPSHOT -> {
                InstallSnapshotProto m = proto.getInstallSnapshot();
                yield new InstallSnapshot(from, to, term, m.getSnapshotIndex(), m.getSnapshotTerm(), m.getOffset(),
                        m.getData(), m.getDone(), m.getChecksum());
            }
            case INSTALL_SNAPSHOT_RESPONSE -> {
                InstallSnapshotResponseProto m = proto.getInstallSnapshotResponse();
                yield new InstallSnapshotResponse(from, to, term, m.getSnapshotIndex(), m.getNextOffset(),
                        m.getSuccess());
            }
            case BODY_NOT_SET -> throw new CodecException(
                    "invalid RaftMessageProto: no body (none of the oneof body fields is set, or its field number is unknown)");
        };
    }

    private static AppendEntries appendEntries(long from, long to, long term, AppendEntriesProto proto)
            throws CodecException {
        List<Entry> entries = new ArrayList<>(proto.getEntriesCount());
        for (int i = 0; i < proto.getEntriesCount(); i++) {
            entries.add(fromProto(proto.getEntries(i), "AppendEntries entries[" + i + "]"));
        }
        return new AppendEntries(from, to, term, proto.getPrevLogIndex(), proto.getPrevLogTerm(), entries,
                proto.getLeaderCommit());
    }
}
