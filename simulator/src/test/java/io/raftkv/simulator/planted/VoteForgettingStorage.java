package io.raftkv.simulator.planted;

import io.raftkv.raft.HardState;
import io.raftkv.raft.PersistentState;
import io.raftkv.simulator.disk.LoadRewritingStorage;
import io.raftkv.simulator.disk.StorageWrapper;

/**
 * PLANTED BUG: storage that loses the vote on restart: load() returns the durable term and log
 * but votedFor = 0, so a restarted node may vote a second time in the same term.
 */
final class VoteForgettingStorage {
    static final StorageWrapper WRAPPER = (nodeId, incarnation, storage) ->
            new LoadRewritingStorage(storage, VoteForgettingStorage::forgetVote);

    private VoteForgettingStorage() {}

    private static PersistentState forgetVote(PersistentState real) {
        HardState hard = real.hardState();
        return new PersistentState(new HardState(hard.term(), HardState.NO_VOTE, hard.commitIndex()),
                real.entries(), real.appliedIndex(), real.snapshot());
    }
}
