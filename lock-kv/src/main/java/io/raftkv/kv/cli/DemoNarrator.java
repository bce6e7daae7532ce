package io.raftkv.kv.cli;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Tells the demo's story on one stream: its own narration, and every line the nodes print, relayed
 * with the time since the start and the member that printed it. Lines are relayed while the story
 * waits for one it needs ({@link #await}), and every parsed line goes to the observers first, so the
 * story's picture of who leads and who holds the lock is never behind what was shown.
 */
final class DemoNarrator {
    private static final int RECENT_LINES_MAX = 12;

    private final PrintStream out;
    private final BlockingQueue<DemoProcesses.Output> lines;
    private final long startNanos;
    private final List<Consumer<DemoLine>> observers = new ArrayList<>();
    private final Deque<String> recent = new ArrayDeque<>();

    DemoNarrator(PrintStream out, BlockingQueue<DemoProcesses.Output> lines, long startNanos) {
        this.out = out;
        this.lines = lines;
        this.startNanos = startNanos;
    }

    void observe(Consumer<DemoLine> observer) {
        observers.add(observer);
    }

    /** A line of the driver's own. */
    void say(String text) {
        out.printf("%6.1fs  demo: %s%n", seconds(System.nanoTime()), text);
        out.flush();
    }

    /**
     * Relays lines until one matches {@code wanted}, and returns it; fails the step {@code what} if
     * none did within {@code timeoutMillis}, with the last lines seen.
     */
    DemoLine await(String what, long timeoutMillis, Predicate<DemoLine> wanted) throws DemoStory.StepFailed,
            InterruptedException {
        long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            long leftNanos = deadlineNanos - System.nanoTime();
            DemoProcesses.Output line = leftNanos <= 0 ? null : lines.poll(leftNanos, TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new DemoStory.StepFailed(what + ": nothing like it within " + timeoutMillis / 1000 + " s; the"
                        + " last lines were:\n" + String.join("\n", recent).indent(4).stripTrailing());
            }
            Optional<DemoLine> parsed = relay(line);
            if (parsed.isPresent() && wanted.test(parsed.get())) {
                return parsed.get();
            }
        }
    }

    private Optional<DemoLine> relay(DemoProcesses.Output line) {
        String shown = String.format("%6.1fs  [%s] %s", seconds(line.readAtNanos()), line.member(), line.text());
        out.println(shown);
        recent.addLast(shown.strip());
        if (recent.size() > RECENT_LINES_MAX) {
            recent.removeFirst();
        }
        Optional<DemoLine> parsed = DemoLine.parse(line.text());
        parsed.ifPresent(demoLine -> observers.forEach(observer -> observer.accept(demoLine)));
        return parsed;
    }

    private double seconds(long atNanos) {
        return (atNanos - startNanos) / 1e9;
    }
}
