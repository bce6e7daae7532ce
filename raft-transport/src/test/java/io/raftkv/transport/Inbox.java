package io.raftkv.transport;

import static org.junit.jupiter.api.Assertions.fail;

import io.raftkv.raft.message.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** An inbound consumer that keeps what arrives, in arrival order, for a test to take with deadlines. */
final class Inbox implements Consumer<Message> {
    private final LinkedBlockingQueue<Message> arrived = new LinkedBlockingQueue<>();

    @Override
    public void accept(Message message) {
        arrived.add(message);
    }

    /** The next {@code count} messages, waiting at most {@code timeout} for all of them. */
    List<Message> take(int count, Duration timeout) {
        List<Message> taken = new ArrayList<>(count);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (taken.size() < count) {
            Message next = poll(deadline);
            if (next == null) {
                fail("received " + taken.size() + " of " + count + " messages within " + timeout.toMillis() + " ms");
            }
            taken.add(next);
        }
        return taken;
    }

    /** Skips messages until one matches, waiting at most {@code timeout}; returns what it skipped. */
    List<Message> takeUntil(Predicate<Message> wanted, Duration timeout) {
        List<Message> skipped = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Message next = poll(deadline);
            if (next == null) {
                fail("the awaited message did not arrive within " + timeout.toMillis() + " ms (" + skipped.size()
                        + " others did)");
            }
            if (wanted.test(next)) {
                return skipped;
            }
            skipped.add(next);
        }
    }

    int size() {
        return arrived.size();
    }

    private Message poll(long deadlineNanos) {
        try {
            return arrived.poll(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for messages", e);
        }
    }
}
