package io.raftkv.transport;

import com.google.protobuf.ByteString;
import io.raftkv.raft.Entry;
import io.raftkv.raft.message.AppendEntries;
import io.raftkv.raft.message.AppendEntriesResponse;
import io.raftkv.raft.message.Heartbeat;
import io.raftkv.raft.message.HeartbeatResponse;
import io.raftkv.raft.message.InstallSnapshot;
import io.raftkv.raft.message.InstallSnapshotResponse;
import io.raftkv.raft.message.Message;
import io.raftkv.raft.message.RequestVote;
import io.raftkv.raft.message.RequestVoteResponse;
import io.raftkv.raft.message.TimeoutNow;
import java.util.List;

/** Valid messages of every type, told apart by a sequence number (their term). */
final class Messages {
    private Messages() {}

    /** One message of each of the nine types, all with term {@code seq} (positive). */
    static List<Message> everyType(long from, long to, long seq) {
        return List.of(
                new RequestVote(from, to, seq, seq, seq, seq % 2 == 0, false),
                new RequestVoteResponse(from, to, seq, true, false),
                new AppendEntries(from, to, seq, seq, seq, List.of(
                        Entry.normal(seq + 1, seq, ByteString.copyFromUtf8("command " + seq)),
                        Entry.noop(seq + 2, seq)), seq),
                AppendEntriesResponse.accepted(from, to, seq, seq + 2),
                AppendEntriesResponse.rejected(from, to, seq, seq, seq, seq + 1),
                new Heartbeat(from, to, seq, seq, seq),
                new HeartbeatResponse(from, to, seq, seq),
                new TimeoutNow(from, to, seq),
                chunk(from, to, seq, 0, 100),
                new InstallSnapshotResponse(from, to, seq, seq, 100, true));
    }

    static Heartbeat heartbeat(long from, long to, long marker) {
        return new Heartbeat(from, to, 1, 0, marker);
    }

    /** A snapshot chunk of {@code size} bytes at {@code offset}, of snapshot (index seq, term seq). */
    static InstallSnapshot chunk(long from, long to, long seq, long offset, int size) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (offset + i);
        }
        return new InstallSnapshot(from, to, seq, seq, seq, offset, ByteString.copyFrom(data), false, 0);
    }
}
