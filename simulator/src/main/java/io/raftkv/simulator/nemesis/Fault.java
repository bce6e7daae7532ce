package io.raftkv.simulator.nemesis;

import java.util.List;

/**
 * One fault of the nemesis. It begins at its window's start and, unless it is instantaneous, is
 * undone at the window's end. A target node of 0 means "whoever leads when the fault begins"
 * ({@code fallback} when nobody does).
 */
public sealed interface Fault {

    /** {@code side} and the other members cannot reach each other, both ways. */
    record Partition(List<Long> side) implements Fault {
        public Partition {
            side = List.copyOf(side);
        }
    }

    /** Messages from {@code from} to {@code to} are lost; the other direction works (asymmetric). */
    record OneWay(List<Long> from, List<Long> to) implements Fault {
        public OneWay {
            from = List.copyOf(from);
            to = List.copyOf(to);
        }
    }

    /** {@code node} cannot reach {@code unreachable}, both ways, but reaches the rest (a partial partition). */
    record Bridge(long node, List<Long> unreachable) implements Fault {
        public Bridge {
            unreachable = List.copyOf(unreachable);
        }
    }

    /** The node that leads when the fault begins is cut from everyone, both ways. */
    record IsolateLeader(long fallback) implements Fault {}

    /**
     * Swizzle-clogging (FoundationDB's most effective pattern): the nodes in {@code clogOrder}
     * lose all their links one after another, {@code stepMicros} apart; at the window's end they
     * come back one after another in {@code unclogOrder}.
     */
    record Swizzle(List<Long> clogOrder, List<Long> unclogOrder, long stepMicros) implements Fault {
        public Swizzle {
            clogOrder = List.copyOf(clogOrder);
            unclogOrder = List.copyOf(unclogOrder);
        }
    }

    /**
     * The leader is asked to hand leadership to {@code target} (another member; when it is the
     * leader itself, the next one): an operator's action, and the only way TimeoutNow is sent.
     */
    record TransferLeadership(long target) implements Fault {}

    /** The machine crashes, and restarts when the window ends. */
    record Crash(long node, long fallback) implements Fault {}

    /** The process stops being scheduled until the window ends. */
    record Pause(long node, long fallback) implements Fault {}

    /** The machine's clock changes rate and jumps forward; instantaneous and permanent. */
    record ClockChange(long node, long driftPpm, long jumpMicros) implements Fault {}

    /** More loss, duplication and latency on every link for the window. */
    record NetworkSpike(int lossPpm, int duplicatePpm, long latencyMicros) implements Fault {}

    /**
     * A trap: while it is armed, every node that sends a message of kind {@code trigger} (a
     * granted vote, a successful append acknowledgement, a request for votes, a snapshot chunk's
     * acknowledgement) or reaches a point of its snapshot work crashes right after it, and
     * restarts {@code downMicros} later. Crashes at random instants rarely land in the few milliseconds
     * between a promise and what should follow it; this one lands there by construction. With
     * {@code isolateLeader} the current leader is also cut off for the window, so that elections,
     * and with them votes and campaigns, happen while the trap is armed.
     */
    record CrashAfterSend(Trigger trigger, long downMicros, boolean isolateLeader, long fallback) implements Fault {}

    /**
     * A trap at a point of snapshot work (one of {@link Trigger#SNAPSHOT_POINTS}), armed for the
     * whole window, with a follower made to lag so that the window sees a snapshot sent: node
     * {@code laggard} (the next one if it leads when the fault begins) is cut from everyone for
     * the first {@code lagMicros}, long enough for the leader to snapshot and compact past it,
     * then rejoins and catches up by snapshot while the trap is still armed.
     */
    record SnapshotTrap(Trigger trigger, long downMicros, long laggard, long lagMicros) implements Fault {}

    /**
     * Where a trap springs. The first four are sends; the snapshot points are reported by the
     * node's storage, store and state machine ({@link CrashPoints}).
     */
    enum Trigger {
        VOTE_GRANTED, APPEND_ACKNOWLEDGED, CAMPAIGN,
        /** A follower acknowledged a chunk of a snapshot: a crash in the middle of a chunked receipt. */
        SNAPSHOT_CHUNK_ACKNOWLEDGED,
        /** A snapshot received from a leader is committed to the store; the core has not installed it. */
        SNAPSHOT_RECEIVED,
        /** A snapshot the node took is committed; the log is not compacted behind it yet. */
        SNAPSHOT_TAKEN,
        /** The install's {@code LogStorage.installSnapshot} is issued, not yet durable. */
        SNAPSHOT_INSTALL_ISSUED,
        /** The state machine was restored from an installed snapshot; the install may still be unsynced. */
        SNAPSHOT_RESTORED;

        static final Trigger[] SENDS = {VOTE_GRANTED, APPEND_ACKNOWLEDGED, CAMPAIGN};
        static final Trigger[] SNAPSHOT_POINTS = {SNAPSHOT_CHUNK_ACKNOWLEDGED, SNAPSHOT_RECEIVED, SNAPSHOT_TAKEN,
                SNAPSHOT_INSTALL_ISSUED, SNAPSHOT_RESTORED};
    }

    /** The machine's syncs take {@code factor} times longer for the window. */
    record SlowDisk(long node, int factor) implements Fault {}
}
