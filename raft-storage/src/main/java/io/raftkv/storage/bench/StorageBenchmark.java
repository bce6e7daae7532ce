package io.raftkv.storage.bench;

import io.raftkv.storage.StorageOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * How fast the durable log is, as medians of several runs: the raw fsync rate of the data disk,
 * then 256-byte entries appended by 1, 16, 64 and 256 concurrent producers, each waiting for its
 * own acknowledgement (every acknowledged entry synced). The last line is the 256-writer result.
 *
 * <p>Usage: {@code ./raftkv bench storage [--runs N] [--measure-ms MS] [--compression NONE|LZ4] [--dir DIR]}
 * (the directory defaults to java.io.tmpdir; the benchmark removes what it creates).
 */
public final class StorageBenchmark {
    private static final int[] WRITERS = {1, 16, 64, 256};
    private static final int ENTRY_BYTES = 256;
    private static final long WARMUP_MS = 500;
    private static final long FSYNC_PROBE_MS = 1_000;

    private StorageBenchmark() {}

    public static void main(String[] args) throws Exception {
        int runs = 3;
        long measureMs = 2_000;
        StorageOptions options = StorageOptions.defaults();
        Path parent = Path.of(System.getProperty("java.io.tmpdir"));
        try {
            for (int i = 0; i < args.length; i += 2) {
                String flag = args[i];
                String value = valueOf(args, i);
                switch (flag) {
                    case "--runs" -> runs = (int) wholeNumber(flag, value, 3);
                    case "--measure-ms" -> measureMs = wholeNumber(flag, value, 100);
                    case "--compression" -> options = options.withCompression(compression(value));
                    case "--dir" -> parent = Path.of(value);
                    default -> throw usage("unknown flag '" + flag + "'");
                }
            }
        } catch (IllegalArgumentException badFlag) {
            System.err.println(badFlag.getMessage());
            System.exit(2);
        }
        Path root = Files.createTempDirectory(parent, "raftkv-bench-");
        try {
            report(root, options, runs, measureMs);
        } finally {
            deleteTree(root);
        }
    }

    private static String valueOf(String[] args, int flagAt) {
        if (flagAt + 1 >= args.length) {
            throw usage(args[flagAt] + " needs a value");
        }
        return args[flagAt + 1];
    }

    private static long wholeNumber(String flag, String value, long min) {
        try {
            long parsed = Long.parseLong(value);
            if (parsed < min || parsed > Integer.MAX_VALUE) {
                throw usage(flag + " must be from " + min + " to " + Integer.MAX_VALUE + ", was " + parsed);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw usage(flag + " takes a whole number, was '" + value + "'");
        }
    }

    private static StorageOptions.Compression compression(String value) {
        try {
            return StorageOptions.Compression.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw usage("--compression takes NONE or LZ4, was '" + value + "'");
        }
    }

    private static IllegalArgumentException usage(String problem) {
        return new IllegalArgumentException("bench storage: " + problem
                + " (usage: --runs N (at least 3, for medians), --measure-ms MS, --compression NONE|LZ4, --dir DIR)");
    }

    private static void report(Path root, StorageOptions options, int runs, long measureMs)
            throws IOException, InterruptedException {
        System.out.printf("storage benchmark: %s, %d-byte entries, compression %s, median of %d runs of %d ms%n",
                root, ENTRY_BYTES, options.compression(), runs, measureMs);
        double[] fsyncs = new double[runs];
        for (int r = 0; r < runs; r++) {
            fsyncs[r] = FsyncProbe.syncsPerSecond(root, FSYNC_PROBE_MS);
        }
        double fsyncRate = median(fsyncs);
        System.out.printf("raw fsync: %.0f syncs/s (one fsync = %.0f us)%n", fsyncRate, 1e6 / fsyncRate);
        for (int writers : WRITERS) {
            List<AppendRun.Result> results = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                Path dir = root.resolve("w" + writers + "-r" + r);
                results.add(AppendRun.run(dir, options, writers, ENTRY_BYTES, WARMUP_MS, measureMs));
                deleteTree(dir);
            }
            System.out.printf("writers=%d entries_per_sec=%.0f entries_per_fsync=%.1f p50_us=%.0f p99_us=%.0f"
                            + " p99_in_fsyncs=%.1f%n",
                    writers, median(results, AppendRun.Result::entriesPerSec),
                    median(results, AppendRun.Result::entriesPerFsync),
                    median(results, AppendRun.Result::p50Micros), median(results, AppendRun.Result::p99Micros),
                    median(results, AppendRun.Result::p99Micros) / (1e6 / fsyncRate));
        }
    }

    private static double median(List<AppendRun.Result> results, ToDoubleFunction<AppendRun.Result> field) {
        return median(results.stream().mapToDouble(field).toArray());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
