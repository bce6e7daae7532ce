package io.raftkv.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.raftkv.raft.Entry;
import io.raftkv.raft.PersistentState;
import io.raftkv.raft.SnapshotMeta;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes, real SIGKILL: a child JVM ({@link CrashChild}) appends from several threads,
 * now and then installs a snapshot or compacts in order with its appends, and prints every
 * acknowledged index and every install and compaction it issued; the parent kills it at a random
 * moment, reopens the same directory and checks that every acknowledged entry after the snapshot
 * boundary and compaction point survived, that an install acknowledged by a later write is never
 * lost, that the log is clean (starting right after the boundary, contiguous, terms never
 * falling, every record's checksum good), and that the hard state the child saved before its
 * first append is there. Many cycles on one directory, so recovery is
 * also tested on top of earlier recoveries. The seed is printed; {@code -Dcrash.seed=S} replays
 * the kill timings (the OS scheduling still varies).
 *
 * <p>The checks are only as good as the parent's record of what the child printed: every line,
 * up to the child's death, must be read. The lines are numbered, and a gap fails the test as a
 * fault of the harness, not of the storage.
 */
class CrashRecoveryTest {
    private static final int CYCLES = 20;
    private static final int WRITERS = 8;
    private static final long KILL_DELAY_MS_MAX = 700;
    private static final long READY_DEADLINE_MS = 20_000;
    private static final long EXIT_DEADLINE_MS = 10_000;
    private static final String EOF = "<eof>";
    private static final String READ_ERROR = "<read error> ";

    @TempDir
    Path tmp;

    @Test
    void everyAcknowledgedEntrySurvivesSigkillAndTheLogStaysAPrefix() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        System.out.println("CrashRecoveryTest seed " + seed + " (replay kill timings with -Dcrash.seed=" + seed + ")");
        Random random = new Random(seed);
        Path dir = tmp.resolve("node1");
        History history = new History();
        long acksTotal = 0;
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            Cycle seen = runAndKill(dir, cycle, random.nextLong(), random.nextLong(KILL_DELAY_MS_MAX + 1));
            acksTotal += seen.acked.size();
            history.add(seen);
            checkRecovered(dir, cycle, seen, history);
        }
        System.out.println("CrashRecoveryTest: " + CYCLES + " kills, " + acksTotal + " acknowledged entries, "
                + history.installsIssued.size() + " installs (durable through " + history.durableInstallMax
                + "), compactions through " + history.compactIssuedMax + ", log ends at " + history.maxAcked
                + " or later");
        assertTrue(acksTotal > 0, "no child ever acknowledged a write: the test exercised nothing");
    }

    /**
     * The harness: lines a child printed but the parent had not read yet when it killed the child
     * are read all the same. Deterministic: the parent starts reading only after the kill, so every
     * line is still in the pipe then.
     */
    @Test
    void linesStillInThePipeWhenTheChildIsKilledAreRead() throws Exception {
        int count = 1000;   // about 12 KiB: fits in the pipe, so the child never blocks
        Path marker = tmp.resolve("printed");
        Path stderr = tmp.resolve("printer.err");
        Process child = startJava(CrashChild.Printer.class, stderr, Integer.toString(count), marker.toString());
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_DEADLINE_MS);
            while (!Files.exists(marker)) {
                assertTrue(child.isAlive(), "printer died; stderr:\n" + Files.readString(stderr));
                assertTrue(System.nanoTime() < deadline, "printer did not print within " + READY_DEADLINE_MS + " ms");
                Thread.sleep(10);
            }
        } finally {
            sigkill(child);
        }
        assertTrue(child.waitFor(EXIT_DEADLINE_MS, TimeUnit.MILLISECONDS), "printer did not die");
        BlockingQueue<String> lines = readLines(child);
        Cycle seen = new Cycle();
        for (String line; !(line = take(lines, 0)).equals(EOF); ) {
            long number = seen.linesRead;
            assertEquals("line " + number, unnumbered(seen, line, 0));
        }
        child.getOutputStream().close();
        assertEquals(count, seen.linesRead, "lines read after the kill");
    }

    /** What one child printed: acknowledged index -> term, and the installs and compactions it issued. */
    private static final class Cycle {
        /** Lines read so far: the number the next line must carry. */
        long linesRead;
        final Map<Long, Long> acked = new HashMap<>();
        final List<SnapshotMeta> installs = new ArrayList<>();
        /** For each install, the last index issued before it. */
        final List<Long> issuedBefore = new ArrayList<>();
        long compactMax;

        long ackedMax() {
            return acked.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        }

        /** The highest install that the acknowledgement of a write issued after it made durable. */
        long durableInstallMax() {
            long ackedMax = ackedMax();
            long durable = 0;
            for (int i = 0; i < installs.size(); i++) {
                if (ackedMax > issuedBefore.get(i)) {
                    durable = Math.max(durable, installs.get(i).index());
                }
            }
            return durable;
        }
    }

    /** Across cycles: what must hold of every later recovery. */
    private static final class History {
        final Set<SnapshotMeta> installsIssued = new HashSet<>();
        long maxAcked;
        long durableInstallMax;
        long compactIssuedMax;

        void add(Cycle cycle) {
            installsIssued.addAll(cycle.installs);
            maxAcked = Math.max(maxAcked, cycle.ackedMax());
            durableInstallMax = Math.max(durableInstallMax, cycle.durableInstallMax());
            compactIssuedMax = Math.max(compactIssuedMax, cycle.compactMax);
        }
    }

    /** Runs one child until a random moment after it is ready, kills it, returns what it printed. */
    private Cycle runAndKill(Path dir, int cycle, long childSeed, long killDelayMs) throws Exception {
        Path stderr = tmp.resolve("child-" + cycle + ".err");
        Process child = startJava(CrashChild.class, stderr, dir.toString(), Integer.toString(cycle),
                Integer.toString(WRITERS), Long.toString(childSeed));
        BlockingQueue<String> lines = readLines(child);
        Cycle acked = new Cycle();
        try {
            String ready = lines.poll(READY_DEADLINE_MS, TimeUnit.MILLISECONDS);
            if (ready != null && !ready.equals(EOF)) {
                ready = unnumbered(acked, ready, cycle);
            }
            if (ready == null || !ready.startsWith("ready")) {
                fail("cycle " + cycle + ": child not ready within " + READY_DEADLINE_MS + " ms (got " + ready
                        + "); stderr:\n" + Files.readString(stderr));
            }
            if (cycle == 0) {
                assertLockedByTheChild(dir);
            }
            long killAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(killDelayMs);
            for (long left; (left = killAtNanos - System.nanoTime()) > 0; ) {
                String line = lines.poll(left, TimeUnit.NANOSECONDS);
                if (line == null) {
                    break;
                }
                if (line.equals(EOF)) {
                    // It lives far longer than any kill delay: ending first means its storage failed.
                    child.waitFor(EXIT_DEADLINE_MS, TimeUnit.MILLISECONDS);
                    fail("cycle " + cycle + ": child exited before it was killed; stderr:\n" + Files.readString(stderr));
                }
                record(acked, unnumbered(acked, line, cycle));
            }
        } finally {
            sigkill(child);
        }
        assertTrue(child.waitFor(EXIT_DEADLINE_MS, TimeUnit.MILLISECONDS), "child did not die");
        // Lines the child printed before it died were acknowledged too: read them up to end of stream.
        for (String line; !(line = take(lines, cycle)).equals(EOF); ) {
            record(acked, unnumbered(acked, line, cycle));
        }
        child.getOutputStream().close();
        return acked;
    }

    /**
     * SIGKILL (no shutdown hooks, no close()), and nothing else: the pipe of the child's stdout
     * stays open, so that the reader gets every line the child printed, up to end of stream.
     * {@link Process#destroyForcibly()} is no substitute: it also closes the parent's end of the
     * child's pipes, throwing away the lines the reader had not yet taken from the pipe; on a busy
     * machine those were the child's last hundred lines, among them compactions the recovery
     * check must know of.
     */
    static void sigkill(Process child) {
        child.toHandle().destroyForcibly();
    }

    /** Every child line starts with its number: the line without it, or a failure if one was missed. */
    private static String unnumbered(Cycle seen, String line, int cycle) {
        if (line.startsWith(READ_ERROR)) {
            fail("cycle " + cycle + ": cannot read the child's stdout after " + seen.linesRead + " lines: "
                    + line.substring(READ_ERROR.length()));
        }
        int space = line.indexOf(' ');
        String expected = Long.toString(seen.linesRead);
        if (space < 0 || !line.substring(0, space).equals(expected)) {
            fail("cycle " + cycle + ": the test missed child output: expected line " + expected + ", got '"
                    + line + "'");
        }
        seen.linesRead++;
        return line.substring(space + 1);
    }

    private static void assertLockedByTheChild(Path dir) {
        IOException e = assertThrows(IOException.class,
                () -> RocksDbLogStorage.open(dir, CrashChild.CLUSTER, CrashChild.NODE, StorageOptions.defaults()));
        assertTrue(e.getMessage().contains("locked by another process") && e.getMessage().contains(dir.toString()),
                e.getMessage());
    }

    private static void checkRecovered(Path dir, int cycle, Cycle seen, History history) throws IOException {
        PersistentState state;
        try (RocksDbLogStorage storage = RocksDbLogStorage.open(dir, CrashChild.CLUSTER, CrashChild.NODE,
                StorageOptions.defaults())) {
            state = storage.load();   // checks every checksum, the start at the boundary, contiguity, terms
        }
        String at = "cycle " + cycle + ": ";
        SnapshotMeta boundary = state.snapshot();
        assertTrue(boundary.isNone() || history.installsIssued.contains(boundary),
                at + "boundary " + boundary + " was never installed");
        assertTrue(boundary.index() >= history.durableInstallMax, at + "boundary " + boundary
                + " is older than install " + history.durableInstallMax + ", which a later write acknowledged");
        List<Entry> entries = state.entries();
        long first = entries.isEmpty() ? boundary.index() + 1 : entries.get(0).index();
        long last = entries.isEmpty() ? boundary.index() : entries.get(entries.size() - 1).index();
        assertTrue(first > boundary.index(), at + "entry " + first + " is at or below the boundary " + boundary);
        assertTrue(last >= history.maxAcked, at + "log ends at " + last + " but index " + history.maxAcked
                + " was acknowledged");
        for (int i = 0; i < entries.size(); i++) {
            assertEquals(first + i, entries.get(i).index(), at + "log is not contiguous");
            assertTrue(i == 0 || entries.get(i).term() >= entries.get(i - 1).term(), at + "term falls");
            assertTrue(entries.get(i).term() >= boundary.term(), at + "an entry's term is below the boundary's");
        }
        long floor = Math.max(boundary.index(), history.compactIssuedMax);
        for (Map.Entry<Long, Long> ack : seen.acked.entrySet()) {
            long index = ack.getKey();
            if (index <= floor) {
                continue;   // covered by the snapshot or compacted away: allowed to be gone
            }
            assertTrue(index >= first && index <= last, at + "acknowledged index " + index + " is gone (log "
                    + first + ".." + last + ", boundary " + boundary + ")");
            assertEquals(ack.getValue(), entries.get((int) (index - first)).term(), at + "acknowledged index "
                    + index + " has another term after the crash");
        }
        assertEquals(cycle + 1, state.hardState().term(), at + "hard state saved before ready is lost");
    }

    private static void record(Cycle cycle, String line) {
        String[] parts = line.split(" ");
        switch (parts[0]) {
            case "ack" -> cycle.acked.put(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
            case "install" -> {
                cycle.installs.add(new SnapshotMeta(Long.parseLong(parts[1]), Long.parseLong(parts[2])));
                cycle.issuedBefore.add(Long.parseLong(parts[3]));
            }
            case "compact" -> cycle.compactMax = Math.max(cycle.compactMax, Long.parseLong(parts[1]));
            default -> fail("unexpected child output: " + line);
        }
    }

    private static String take(BlockingQueue<String> lines, int cycle) throws InterruptedException {
        String line = lines.poll(EXIT_DEADLINE_MS, TimeUnit.MILLISECONDS);
        if (line == null) {
            fail("cycle " + cycle + ": child's stdout not closed within " + EXIT_DEADLINE_MS + " ms of its death");
        }
        return line;
    }

    /** A reader thread per child, so that the parent can wait on lines with a deadline. */
    private static BlockingQueue<String> readLines(Process child) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // A dead child's pipe ends with end of stream, not an error: this one is the harness's.
                lines.add(READ_ERROR + e);
            } finally {
                lines.add(EOF);
            }
        }, "crash-child-stdout");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static Process startJava(Class<?> main, Path stderr, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-cp", System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
