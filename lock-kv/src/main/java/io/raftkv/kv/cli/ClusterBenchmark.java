package io.raftkv.kv.cli;

import com.google.protobuf.ByteString;
import io.raftkv.kv.api.Kv;
import io.raftkv.kv.grpc.RemoteCluster;
import io.raftkv.kv.grpc.RemoteKvOptions;
import io.raftkv.kv.proto.RangeRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * {@code bench cluster}: three {@code server} processes on loopback (fsync on, as always), and a
 * client in this JVM over gRPC. Prints medians of {@code --runs} runs: puts of 256-byte values over
 * 10,000 keys and linearizable gets with 1, 16, 64 and 256 requests in flight (throughput, p50,
 * p99); lock cycles (lock + unlock of a {@link io.raftkv.kv.recipe.Mutex}) on one contended key
 * with 1, 4 and 16 contenders and on 16 distinct keys; and failover: the time from SIGKILLing the
 * leader under a writer to the writer's next successful put. Leaves no process behind.
 */
public final class ClusterBenchmark {
    static final String USAGE = """
            usage: bench cluster [--runs N] [--jit-warmup-ms MS] [--warmup-ms MS] [--measure-ms MS] [--failovers N] [--dir DIR]
              --runs N          runs per figure, the median is printed (at least 3; default 3)
              --jit-warmup-ms MS  puts and gets at 64 in flight before anything is measured, so that
                                the servers' JIT has compiled the hot paths (default 10000)
              --warmup-ms MS    unmeasured time before each run (default 500)
              --measure-ms MS   measured time of each run (default 2000)
              --failovers N     leader kills to take the median of (at least 1; default 3)
              --dir DIR         where the members' data directories go (default: a temporary directory)""";
    private static final int[] IN_FLIGHT = {1, 16, 64, 256};
    private static final int[] CONTENDERS = {1, 4, 16};
    private static final int DISTINCT_KEY_CONTENDERS = 16;
    private static final int KEYS = 10_000;
    private static final int VALUE_BYTES = 256;

    /** The flags, checked. */
    record Flags(int runs, long jitWarmupMs, long warmupMs, long measureMs, int failovers, Path dir) {
        static Flags parse(String[] args) throws UsageException {
            int runs = 3;
            long jitWarmupMs = 10_000;
            long warmupMs = 500;
            long measureMs = 2_000;
            int failovers = 3;
            Path dir = null;
            for (int i = 0; i < args.length; i += 2) {
                String flag = args[i];
                if (i + 1 >= args.length) {
                    throw new UsageException(flag + " needs a value");
                }
                String value = args[i + 1];
                switch (flag) {
                    case "--runs" -> runs = (int) number(flag, value, 3, 1_000);
                    case "--jit-warmup-ms" -> jitWarmupMs = number(flag, value, 0, 600_000);
                    case "--warmup-ms" -> warmupMs = number(flag, value, 0, 600_000);
                    case "--measure-ms" -> measureMs = number(flag, value, 100, 600_000);
                    case "--failovers" -> failovers = (int) number(flag, value, 1, 100);
                    case "--dir" -> dir = Path.of(value);
                    default -> throw new UsageException("unknown flag '" + flag + "'");
                }
            }
            return new Flags(runs, jitWarmupMs, warmupMs, measureMs, failovers, dir);
        }

        private static long number(String flag, String value, long min, long max) throws UsageException {
            try {
                long parsed = Long.parseLong(value);
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException notANumber) {
                // Reported below, with the range.
            }
            throw new UsageException(flag + " '" + value + "': must be a whole number from " + min + " to " + max);
        }
    }

    private ClusterBenchmark() {}

    public static void main(String[] args) throws Exception {
        Flags flags;
        try {
            flags = Flags.parse(args);
        } catch (UsageException bad) {
            System.err.println("bench cluster: " + bad.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        boolean temporary = flags.dir() == null;
        Path root = temporary ? Files.createTempDirectory("raftkv-bench-cluster-") : flags.dir();
        ProcessCluster cluster = ProcessCluster.start(root, ProcessCluster.Options.defaults());
        Thread killOnExit = new Thread(() -> closeQuietly(cluster), "raftkv-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(killOnExit);
        try (RemoteCluster remote = RemoteCluster.connect(cluster.clientAddresses(), RemoteKvOptions.defaults())) {
            report(flags, cluster, remote);
        } finally {
            cluster.close();
            Runtime.getRuntime().removeShutdownHook(killOnExit);
            if (temporary) {
                deleteTree(root);
            }
        }
        if (!cluster.alive().isEmpty()) {
            System.err.println("bench cluster: members still running: " + cluster.alive());
            System.exit(1);
        }
    }

    private static void report(Flags flags, ProcessCluster cluster, RemoteCluster remote) throws Exception {
        System.out.printf("cluster benchmark: 3 server processes on loopback, fsync on, heartbeat 100 ms, election"
                + " 1000 ms; %d cores; client over gRPC in one JVM;%nmedian of %d runs of %d ms (after %d ms warm-up)"
                + "; a shared machine: figures are noisy%n%n", Runtime.getRuntime().availableProcessors(),
                flags.runs(), flags.measureMs(), flags.warmupMs());
        Kv kv = remote.client().kv();
        ByteString value = randomValue(new Random(2));
        // Without this the first rows measure the interpreter: 1-in-flight puts took 4-5 ms at p50 after
        // 0.5 s of warm-up and 1.6 ms after 5 s.
        ClosedLoop.run(64, 0, flags.jitWarmupMs() / 2, () -> kv.put(key(), value));
        ClosedLoop.run(64, 0, flags.jitWarmupMs() / 2, () -> kv.range(RangeRequest.newBuilder().setKey(key()).build()));
        System.out.printf("%-34s %12s %10s %10s %9s%n", "workload", "ops/s", "p50 ms", "p99 ms", "failed");
        for (int inFlight : IN_FLIGHT) {
            row("put, " + inFlight + " in flight", repeat(flags, () -> ClosedLoop.run(inFlight, flags.warmupMs(),
                    flags.measureMs(), () -> kv.put(key(), value))));
        }
        for (int inFlight : IN_FLIGHT) {
            row("linearizable get, " + inFlight + " in flight", repeat(flags, () -> ClosedLoop.run(inFlight,
                    flags.warmupMs(), flags.measureMs(),
                    () -> kv.range(RangeRequest.newBuilder().setKey(key()).build()))));
        }
        for (int contenders : CONTENDERS) {
            row("lock cycles, 1 key, " + contenders + " contenders", repeat(flags, () -> LockLoop.run(remote.client(),
                    contenders, true, flags.warmupMs(), flags.measureMs())));
        }
        row("lock cycles, " + DISTINCT_KEY_CONTENDERS + " distinct keys", repeat(flags, () -> LockLoop.run(
                remote.client(), DISTINCT_KEY_CONTENDERS, false, flags.warmupMs(), flags.measureMs())));
        List<Double> failovers = new ArrayList<>();
        for (int i = 0; i < flags.failovers(); i++) {
            failovers.add(Failover.measure(cluster, remote.client()));
        }
        failovers.sort(Comparator.naturalOrder());
        System.out.printf("%nfailover (SIGKILL the leader under a writer, to the next successful put): median %.0f ms"
                + " of %d %s%n", failovers.get(failovers.size() / 2), failovers.size(), failovers.stream()
                .map(ms -> String.format("%.0f", ms)).toList());
    }

    private interface Run {
        Sample run() throws Exception;
    }

    private static Sample repeat(Flags flags, Run run) throws Exception {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < flags.runs(); i++) {
            samples.add(run.run());
        }
        return Sample.median(samples);
    }

    private static void row(String workload, Sample median) {
        System.out.printf("%-34s %12.0f %10.2f %10.2f %9d%n", workload, median.opsPerSec(), median.p50Ms(),
                median.p99Ms(), median.failures());
    }

    /** Called from many threads at once: hence the thread-local source. */
    private static ByteString key() {
        return ByteString.copyFromUtf8(String.format("/bench/key/%05d", ThreadLocalRandom.current().nextInt(KEYS)));
    }

    private static ByteString randomValue(Random random) {
        byte[] bytes = new byte[VALUE_BYTES];
        random.nextBytes(bytes);
        return ByteString.copyFrom(bytes);
    }

    private static void closeQuietly(ProcessCluster cluster) {
        try {
            cluster.close();
        } catch (IOException | InterruptedException e) {
            System.err.println("bench cluster: cannot stop the members: " + e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
