package io.raftkv.raft.message;

/**
 * A Raft message between two members. Every message carries the sender's term; a receiver that
 * sees a higher term adopts it first (Raft §5.1), except for pre-votes, which never change terms.
 */
public sealed interface Message
        permits RequestVote, RequestVoteResponse, AppendEntries, AppendEntriesResponse,
                Heartbeat, HeartbeatResponse, TimeoutNow, InstallSnapshot, InstallSnapshotResponse {
    long from();

    long to();

    long term();
}
