package io.raftkv.raft.server;

import io.raftkv.raft.RaftConfig;
import io.raftkv.raft.progress.ProgressTracker;
import io.raftkv.raft.quorum.Majority;
import io.raftkv.raft.read.ReadIndexQueue;
import io.raftkv.raft.transfer.LeadershipTransfer;
import io.raftkv.raft.util.Check;

/** Everything only a leader keeps, for one term of leadership; dropped when it steps down. */
public final class Leadership {
    private final ProgressTracker tracker;
    private final ReadIndexQueue reads;
    /** Index of the NOOP this leader appended first: entries from here on are its own term's. */
    private final long firstIndexOfTerm;
    private LeadershipTransfer transfer;
    /** Bytes of this leader's entries not yet committed (flow control on proposals). */
    private long uncommittedBytes;
    private int heartbeatElapsedTicks;

    public Leadership(RaftConfig config, long firstIndexOfTerm) {
        this.firstIndexOfTerm = firstIndexOfTerm;
        this.tracker = new ProgressTracker(config.nodeId(), config.members(), firstIndexOfTerm,
                config.maxInflightAppends(), config.maxInflightBytes());
        this.reads = new ReadIndexQueue(config.maxPendingReads(), Majority.quorum(config.members().size()));
    }

    public ProgressTracker tracker() { return tracker; }
    public ReadIndexQueue reads() { return reads; }
    public long firstIndexOfTerm() { return firstIndexOfTerm; }
    public LeadershipTransfer transfer() { return transfer; }
    public void transfer(LeadershipTransfer newTransfer) { this.transfer = newTransfer; }
    public long uncommittedBytes() { return uncommittedBytes; }

    public void addUncommitted(long bytes) {
        uncommittedBytes += bytes;
    }

    public void releaseUncommitted(long bytes) {
        uncommittedBytes -= bytes;
        Check.that(uncommittedBytes >= 0, "uncommitted bytes went negative: %d", uncommittedBytes);
    }

    /** Counts a tick; returns whether a heartbeat is due. */
    public boolean heartbeatDue(int heartbeatIntervalTicks) {
        heartbeatElapsedTicks++;
        if (heartbeatElapsedTicks < heartbeatIntervalTicks) {
            return false;
        }
        heartbeatElapsedTicks = 0;
        return true;
    }
}
