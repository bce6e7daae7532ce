package io.raftkv.simulator.node;

import io.raftkv.raft.runtime.RaftNode;
import io.raftkv.raft.runtime.Scheduler;
import io.raftkv.raft.util.Check;
import io.raftkv.simulator.clock.NodeClock;
import io.raftkv.simulator.disk.NodeDisk;
import io.raftkv.simulator.disk.NodeSnapshotStore;
import io.raftkv.simulator.kv.KvNode;
import io.raftkv.simulator.loop.EventKind;
import io.raftkv.simulator.loop.EventLoop;
import io.raftkv.simulator.sm.LogMachine;
import java.util.ArrayDeque;

/**
 * One machine of the cluster: its clock and disk, which outlive crashes, and the current
 * incarnation of its process. A crash is not {@code RaftNode.stop()}: the incarnation simply
 * vanishes. Its tasks are never run (every task carries the incarnation it was posted for), its
 * unsynced writes are lost with the disk's crash, and messages sent to it before are dropped.
 */
public final class SimNode {
    /** Tasks deferred by one pause; a node that piles up more than this is in a feedback loop. */
    private static final int BACKLOG_MAX = 1 << 20;

    private final long id;
    private final EventLoop loop;
    private final NodeClock clock;
    private final NodeDisk disk;
    private final NodeSnapshotStore snapshots;
    private final ArrayDeque<Runnable> backlog = new ArrayDeque<>();
    private int incarnation;
    private boolean up;
    private boolean paused;
    private RaftNode raft;
    private LogMachine machine;
    private KvNode kv;
    private int crashes;

    public SimNode(long id, EventLoop loop, NodeClock clock, NodeDisk disk, NodeSnapshotStore snapshots) {
        this.id = id;
        this.loop = loop;
        this.clock = clock;
        this.disk = disk;
        this.snapshots = snapshots;
    }

    public long id() {
        return id;
    }

    public NodeClock clock() {
        return clock;
    }

    public NodeDisk disk() {
        return disk;
    }

    /** The machine's snapshot store; it survives crashes, like the disk. */
    public NodeSnapshotStore snapshots() {
        return snapshots;
    }

    public boolean isUp() {
        return up;
    }

    public boolean isPaused() {
        return paused;
    }

    public int incarnation() {
        return incarnation;
    }

    public int crashes() {
        return crashes;
    }

    /** The running node, or null while the machine is down. */
    public RaftNode raft() {
        return raft;
    }

    /** The log workload's state machine; null while down, and in KV runs. */
    public LogMachine machine() {
        return machine;
    }

    /** The KV workload's stack; null while down, and in log runs. */
    public KvNode kv() {
        return kv;
    }

    /** Begins a new incarnation; the returned scheduler runs tasks only for it. */
    public Scheduler beginIncarnation() {
        Check.that(!up, "node %d started while up", id);
        incarnation++;
        up = true;
        return new NodeScheduler(this, loop, incarnation);
    }

    /** Attaches what {@code RaftNode.start} built for the incarnation begun last. */
    public void attach(RaftNode node, LogMachine stateMachine) {
        Check.that(up, "node %d attached while down", id);
        this.raft = node;
        this.machine = stateMachine;
    }

    /** Attaches the KV stack built for the incarnation begun last. */
    public void attach(RaftNode node, KvNode stack) {
        Check.that(up, "node %d attached while down", id);
        this.raft = node;
        this.kv = stack;
    }

    /** The process dies at once; the disk loses what it had not synced. */
    public void crash() {
        if (!up) {
            return;
        }
        up = false;
        paused = false;
        incarnation++;
        crashes++;
        backlog.clear();
        raft = null;
        machine = null;
        kv = null;
        disk.crash();
        snapshots.crash();
    }

    /** The process stops being scheduled (a GC pause, a stalled VM); its tasks wait. */
    public void pause() {
        if (up) {
            paused = true;
        }
    }

    /** The process runs again: deferred tasks run now, in the order they fell due. */
    public void resume() {
        if (!paused) {
            return;
        }
        paused = false;
        int owner = incarnation;
        while (!backlog.isEmpty()) {
            Runnable task = backlog.poll();
            loop.at(loop.nowMicros(), EventKind.NODE_TASK, id, 1, () -> run(owner, task));
        }
    }

    void run(int owner, Runnable task) {
        if (owner != incarnation || !up) {
            return;
        }
        if (paused) {
            Check.that(backlog.size() < BACKLOG_MAX, "node %d deferred %d tasks in one pause", id, backlog.size());
            backlog.add(task);
            return;
        }
        task.run();
    }
}
