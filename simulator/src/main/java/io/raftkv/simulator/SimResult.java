package io.raftkv.simulator;

import io.raftkv.simulator.check.Violation;
import io.raftkv.simulator.kv.KvWorkload;
import io.raftkv.simulator.nemesis.Fault;
import java.util.List;
import java.util.Map;

/**
 * What one run produced.
 *
 * @param traceHash  a digest of every event of the run: equal for equal configurations
 * @param violations the first violations, in order (at most {@link io.raftkv.simulator.check.Violations#KEPT_MAX})
 * @param kvStats    what the KV workload did; null in log runs
 */
public record SimResult(SimConfig config, long events, long simMicros, long traceHash, long violationCount,
                        List<Violation> violations, Stats stats, KvWorkload.KvStats kvStats) {
    public SimResult {
        violations = List.copyOf(violations);
    }

    public boolean passed() {
        return violationCount == 0;
    }

    public String traceHex() {
        return String.format("%016x", traceHash);
    }

    /**
     * Counts that show what the run exercised.
     *
     * @param snapshotsInstalled snapshots sent by a leader that a follower installed
     * @param trapsSprung        crashes set off by traps, by where they sprang
     */
    public record Stats(long writesAcknowledged, long writesFailed, long writesUnknown, long readsServed,
                        long leadersElected, long committedIndex, long crashes, long faults, long messagesSent,
                        long messagesDropped, long snapshotsInstalled, Map<Fault.Trigger, Long> trapsSprung) {
        public Stats {
            trapsSprung = Map.copyOf(trapsSprung);
        }

        @Override
        public String toString() {
            return "writes ok/failed/unknown=" + writesAcknowledged + "/" + writesFailed + "/" + writesUnknown
                    + " reads=" + readsServed + " " + cluster();
        }

        /** What the cluster went through, without the log workload's client counts. */
        public String cluster() {
            return "leaders=" + leadersElected + " committed=" + committedIndex + " crashes=" + crashes + " faults="
                    + faults + " messages=" + messagesSent + " dropped=" + messagesDropped + " snapshots_installed="
                    + snapshotsInstalled;
        }
    }
}
