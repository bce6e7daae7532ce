package io.raftkv.simulator.kv;

import io.raftkv.raft.runtime.Scheduler;
import io.raftkv.raft.util.Check;
import io.raftkv.simulator.loop.Event;
import io.raftkv.simulator.loop.EventKind;
import io.raftkv.simulator.loop.EventLoop;

/**
 * A simulated client process's execution context on the event loop: its clock is virtual time,
 * its tasks run one at a time in submission order, and it can be paused (a stop-the-world GC, a
 * descheduled VM): a task due while paused runs when the pause ends, after those due before it.
 */
final class ClientScheduler implements Scheduler {
    private final EventLoop loop;
    private final long clientId;
    private long pausedUntilMicros;

    ClientScheduler(EventLoop loop, long clientId) {
        this.loop = loop;
        this.clientId = clientId;
    }

    @Override
    public long nowMillis() {
        return loop.nowMicros() / 1000;
    }

    @Override
    public void execute(Runnable task) {
        loop.at(loop.nowMicros(), EventKind.CLIENT_NEXT, 0, clientId, () -> run(task));
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        Check.that(delayMillis >= 0, "client %d scheduled a task %d ms in the past", clientId, delayMillis);
        boolean[] cancelled = new boolean[1];
        // The flag also stops a task that came due during a pause and waits for its end.
        Event event = loop.after(delayMillis * 1000, EventKind.CLIENT_NEXT, 0, clientId, () -> run(() -> {
            if (!cancelled[0]) {
                task.run();
            }
        }));
        return () -> {
            cancelled[0] = true;
            event.cancel();
        };
    }

    /** Nothing of this client runs until {@code micros} of virtual time have passed. */
    void pause(long micros) {
        pausedUntilMicros = Math.max(pausedUntilMicros, loop.nowMicros() + micros);
    }

    boolean isPaused() {
        return loop.nowMicros() < pausedUntilMicros;
    }

    private void run(Runnable task) {
        if (isPaused()) {
            loop.at(pausedUntilMicros, EventKind.CLIENT_NEXT, 0, clientId, () -> run(task));
        } else {
            task.run();
        }
    }
}
