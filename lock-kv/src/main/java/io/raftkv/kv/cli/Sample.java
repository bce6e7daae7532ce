package io.raftkv.kv.cli;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * What one measured run gave: operations per second and latency percentiles in milliseconds
 * (NaN where latencies are not measured), and the operations that failed.
 */
record Sample(double opsPerSec, double p50Ms, double p99Ms, long failures) {

    /** A sample from per-operation latencies in nanoseconds, over a window of {@code windowNanos}. */
    static Sample of(long[] latenciesNanos, int count, long windowNanos, long failures) {
        long[] sorted = Arrays.copyOf(latenciesNanos, count);
        Arrays.sort(sorted);
        return new Sample(count * 1e9 / windowNanos, percentileMs(sorted, 0.50), percentileMs(sorted, 0.99), failures);
    }

    private static double percentileMs(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int at = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, at)] / 1e6;
    }

    /** The median of each figure across runs (failures summed), as the report prints them. */
    static Sample median(List<Sample> runs) {
        return new Sample(median(runs, Sample::opsPerSec), median(runs, Sample::p50Ms), median(runs, Sample::p99Ms),
                runs.stream().mapToLong(Sample::failures).sum());
    }

    static double median(List<Sample> runs, ToDoubleFunction<Sample> figure) {
        double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
