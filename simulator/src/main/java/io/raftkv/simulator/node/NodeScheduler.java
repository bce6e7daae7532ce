package io.raftkv.simulator.node;

import io.raftkv.raft.runtime.Scheduler;
import io.raftkv.raft.util.Check;
import io.raftkv.simulator.loop.Event;
import io.raftkv.simulator.loop.EventKind;
import io.raftkv.simulator.loop.EventLoop;

/**
 * One incarnation's share of the event loop. Tasks run in submission order because they are
 * posted for the current instant with increasing sequence numbers; timers fire when the node's
 * own (drifting) clock has advanced by the delay.
 */
final class NodeScheduler implements Scheduler {
    private final SimNode node;
    private final EventLoop loop;
    private final int incarnation;

    NodeScheduler(SimNode node, EventLoop loop, int incarnation) {
        this.node = node;
        this.loop = loop;
        this.incarnation = incarnation;
    }

    @Override
    public long nowMillis() {
        return node.clock().localMicros(loop.nowMicros()) / 1000;
    }

    @Override
    public void execute(Runnable task) {
        loop.at(loop.nowMicros(), EventKind.NODE_TASK, node.id(), 0, () -> node.run(incarnation, task));
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        Check.that(delayMillis >= 0, "node %d scheduled a task %d ms in the past", node.id(), delayMillis);
        long delayMicros = node.clock().virtualDelayMicros(delayMillis * 1000);
        Event event = loop.after(delayMicros, EventKind.NODE_TIMER, node.id(), delayMillis,
                () -> node.run(incarnation, task));
        return event::cancel;
    }
}
