package io.raftkv.simulator.nemesis;

import io.raftkv.raft.message.AppendEntriesResponse;
import io.raftkv.raft.message.InstallSnapshotResponse;
import io.raftkv.raft.message.Message;
import io.raftkv.raft.message.RequestVote;
import io.raftkv.raft.message.RequestVoteResponse;
import io.raftkv.simulator.loop.EventKind;
import io.raftkv.simulator.loop.EventLoop;
import io.raftkv.simulator.net.SendListener;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The armed {@link Fault.CrashAfterSend} traps. Watching every send, it crashes a sender right
 * after a message that springs a trap, before the rest of its task runs: a batch of messages
 * or a write in progress is cut off where a real process could die.
 */
final class CrashTraps implements SendListener, CrashPoints {
    private final EventLoop loop;
    /** Crashes a node and returns what restarts it. */
    private final LongFunction<Runnable> crash;
    /** Oldest first; each fires on every matching send while armed. */
    private final List<Fault.CrashAfterSend> armed = new ArrayList<>();
    private boolean healed;
    private long sprung;
    private final long[] sprungBy = new long[Fault.Trigger.values().length];

    CrashTraps(EventLoop loop, LongFunction<Runnable> crash) {
        this.loop = loop;
        this.crash = crash;
    }

    void arm(Fault.CrashAfterSend trap) {
        armed.add(trap);
    }

    void disarm(Fault.CrashAfterSend trap) {
        armed.remove(trap);
    }

    /** The final heal: no trap fires again, and no pending restart runs twice. */
    void heal() {
        healed = true;
        armed.clear();
    }

    long sprung() {
        return sprung;
    }

    long sprung(Fault.Trigger trigger) {
        return sprungBy[trigger.ordinal()];
    }

    @Override
    public void onSend(long senderId, Message message) {
        if (!armed.isEmpty()) {
            reached(senderId, triggerOf(message));
        }
    }

    @Override
    public void reached(long nodeId, Fault.Trigger point) {
        if (armed.isEmpty() || point == null) {
            return;
        }
        for (Fault.CrashAfterSend trap : armed) {
            if (trap.trigger() == point) {
                sprung++;
                sprungBy[point.ordinal()]++;
                Runnable restart = crash.apply(nodeId);
                loop.after(trap.downMicros(), EventKind.NEMESIS, nodeId, trap.downMicros(), () -> {
                    if (!healed) {
                        restart.run();
                    }
                });
                return;
            }
        }
    }

    private static Fault.Trigger triggerOf(Message message) {
        if (message instanceof RequestVoteResponse vote && vote.granted() && !vote.preVote()) {
            return Fault.Trigger.VOTE_GRANTED;
        }
        if (message instanceof AppendEntriesResponse ack && ack.success()) {
            return Fault.Trigger.APPEND_ACKNOWLEDGED;
        }
        if (message instanceof RequestVote request && !request.preVote()) {
            return Fault.Trigger.CAMPAIGN;
        }
        if (message instanceof InstallSnapshotResponse chunkAck && chunkAck.success()) {
            return Fault.Trigger.SNAPSHOT_CHUNK_ACKNOWLEDGED;
        }
        return null;
    }
}
