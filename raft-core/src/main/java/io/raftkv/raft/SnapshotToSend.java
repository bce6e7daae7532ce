package io.raftkv.raft;

/**
 * The leader no longer has the entries follower {@code peerId} needs next: the driver must send
 * it a snapshot covering at least {@code snapshot} (its newest one will do), then the follower's
 * acknowledgement of the snapshot's index lets appends resume. If the transfer fails or stalls,
 * the driver reports {@link RaftCore#snapshotSendFailed(long)} and the core asks again later.
 */
public record SnapshotToSend(long peerId, SnapshotMeta snapshot) {}
