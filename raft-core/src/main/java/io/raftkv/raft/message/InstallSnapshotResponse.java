package io.raftkv.raft.message;

/**
 * A follower's answer to a snapshot chunk, for flow control. {@code success} with
 * {@code nextOffset} says every byte before it is written (the whole snapshot saved, verified and
 * durable once nextOffset is its size and the last chunk was answered); a failure says the
 * transfer of that snapshot broke off (a chunk out of order, a bad checksum, a stale term) and the
 * leader must start over. That the follower installed the snapshot into its log is said by an
 * {@link AppendEntriesResponse} matching the snapshot's index, sent only once that is durable.
 */
public record InstallSnapshotResponse(long from, long to, long term, long snapshotIndex, long nextOffset,
                                      boolean success) implements Message {}
