package io.raftkv.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.raftkv.raft.Entry;
import io.raftkv.raft.PersistentState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes, real SIGKILL: a child JVM ({@link CrashChild}) appends from several threads
 * and prints every acknowledged index; the parent kills it at a random moment, reopens the same
 * directory and checks that every acknowledged entry survived, that the log is a clean prefix
 * (contiguous from 1, terms never falling, every record's checksum good), and that the hard state
 * the child saved before its first append is there. Many cycles on one directory, so recovery is
 * also tested on top of earlier recoveries. The seed is printed; {@code -Dcrash.seed=S} replays
 * the kill timings (the OS scheduling still varies).
 */
class CrashRecoveryTest {
    private static final int CYCLES = 20;
    private static final int WRITERS = 8;
    private static final long KILL_DELAY_MS_MAX = 700;
    private static final long READY_DEADLINE_MS = 20_000;
    private static final long EXIT_DEADLINE_MS = 10_000;
    private static final String EOF = "<eof>";

    @TempDir
    Path tmp;

    @Test
    void everyAcknowledgedEntrySurvivesSigkillAndTheLogStaysAPrefix() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        System.out.println("CrashRecoveryTest seed " + seed + " (replay kill timings with -Dcrash.seed=" + seed + ")");
        Random random = new Random(seed);
        Path dir = tmp.resolve("node1");
        long maxAckedEver = 0;
        long acksTotal = 0;
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            Map<Long, Long> acked = runAndKill(dir, cycle, random.nextLong(), random.nextLong(KILL_DELAY_MS_MAX + 1));
            acksTotal += acked.size();
            maxAckedEver = Math.max(maxAckedEver, acked.keySet().stream().mapToLong(Long::longValue).max().orElse(0));
            checkRecovered(dir, cycle, acked, maxAckedEver);
        }
        System.out.println("CrashRecoveryTest: " + CYCLES + " kills, " + acksTotal + " acknowledged entries, log ends at "
                + maxAckedEver + " or later");
        assertTrue(acksTotal > 0, "no child ever acknowledged a write: the test exercised nothing");
    }

    /** Runs one child until a random moment after it is ready, kills it, returns index -> term of its acks. */
    private Map<Long, Long> runAndKill(Path dir, int cycle, long childSeed, long killDelayMs) throws Exception {
        Path stderr = tmp.resolve("child-" + cycle + ".err");
        Process child = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), dir.toString(), Integer.toString(cycle), Integer.toString(WRITERS),
                Long.toString(childSeed))
                .redirectError(stderr.toFile())
                .start();
        BlockingQueue<String> lines = readLines(child);
        Map<Long, Long> acked = new HashMap<>();
        try {
            String ready = lines.poll(READY_DEADLINE_MS, TimeUnit.MILLISECONDS);
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
                if (line == null || line.equals(EOF)) {
                    break;
                }
                record(acked, line);
            }
        } finally {
            child.destroyForcibly();   // SIGKILL on Linux: no shutdown hooks, no close()
        }
        assertTrue(child.waitFor(EXIT_DEADLINE_MS, TimeUnit.MILLISECONDS), "child did not die");
        // Lines the child printed before it died were acknowledged too: read them up to end of stream.
        for (String line; !(line = take(lines, cycle)).equals(EOF); ) {
            record(acked, line);
        }
        return acked;
    }

    private static void assertLockedByTheChild(Path dir) {
        IOException e = assertThrows(IOException.class,
                () -> RocksDbLogStorage.open(dir, CrashChild.CLUSTER, CrashChild.NODE, StorageOptions.defaults()));
        assertTrue(e.getMessage().contains("locked by another process") && e.getMessage().contains(dir.toString()),
                e.getMessage());
    }

    private static void checkRecovered(Path dir, int cycle, Map<Long, Long> acked, long maxAckedEver) throws IOException {
        PersistentState state;
        try (RocksDbLogStorage storage = RocksDbLogStorage.open(dir, CrashChild.CLUSTER, CrashChild.NODE,
                StorageOptions.defaults())) {
            state = storage.load();   // checks every checksum, contiguity from 1 and non-falling terms
        }
        List<Entry> entries = state.entries();
        assertTrue(entries.size() >= maxAckedEver, "cycle " + cycle + ": log ends at " + entries.size()
                + " but index " + maxAckedEver + " was acknowledged");
        for (Map.Entry<Long, Long> ack : acked.entrySet()) {
            Entry entry = entries.get((int) (ack.getKey() - 1));
            assertEquals(ack.getValue(), entry.term(), "cycle " + cycle + ": acknowledged index " + ack.getKey()
                    + " has another term after the crash");
        }
        for (int i = 0; i < entries.size(); i++) {
            assertEquals(i + 1, entries.get(i).index(), "cycle " + cycle + ": log is not contiguous");
            assertTrue(i == 0 || entries.get(i).term() >= entries.get(i - 1).term(), "cycle " + cycle + ": term falls");
        }
        assertEquals(cycle + 1, state.hardState().term(), "cycle " + cycle + ": hard state saved before ready is lost");
    }

    private static void record(Map<Long, Long> acked, String line) {
        String[] parts = line.split(" ");
        assertEquals("ack", parts[0], "unexpected child output: " + line);
        acked.put(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
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
                // The pipe breaks when the child dies; what was read is all there is.
            } finally {
                lines.add(EOF);
            }
        }, "crash-child-stdout");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
