package io.raftkv.simulator;

import io.raftkv.simulator.check.Violation;
import java.util.List;

/**
 * What one run produced.
 *
 * @param traceHash  a digest of every event of the run: equal for equal configurations
 * @param violations the first violations, in order (at most {@link io.raftkv.simulator.check.Violations#KEPT_MAX})
 */
public record SimResult(SimConfig config, long events, long simMicros, long traceHash, long violationCount,
                        List<Violation> violations, Stats stats) {
    public SimResult {
        violations = List.copyOf(violations);
    }

    public boolean passed() {
        return violationCount == 0;
    }

    public String traceHex() {
        return String.format("%016x", traceHash);
    }

    /** Counts that show what the run exercised. */
    public record Stats(long writesAcknowledged, long writesFailed, long writesUnknown, long readsServed,
                        long leadersElected, long committedIndex, long crashes, long faults, long messagesSent,
                        long messagesDropped) {
        @Override
        public String toString() {
            return "writes ok/failed/unknown=" + writesAcknowledged + "/" + writesFailed + "/" + writesUnknown
                    + " reads=" + readsServed + " leaders=" + leadersElected + " committed=" + committedIndex
                    + " crashes=" + crashes + " faults=" + faults + " messages=" + messagesSent
                    + " dropped=" + messagesDropped;
        }
    }
}
