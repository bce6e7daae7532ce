package io.raftkv.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;

/**
 * Whole KV clusters under the nemesis (pauses longer than a lease's TTL, clock drift and jumps
 * included), one seed per try: replicas agree, the history is linearizable with revisions in
 * real-time order, no lock holder writes after losing its lock, no lease expires before its
 * bound, and the cluster is live after the final heal.
 */
class KvSimulationProperties {

    @Property(tries = 200, shrinking = ShrinkingMode.OFF)
    void threeNodeKvClustersStaySafeAndLiveUnderFaults(@ForAll long seed) {
        SimConfig config = SimConfig.defaults(seed, 3, 10, Workload.KV);
        SimResult result = Simulation.run(config);
        assertEquals(0, result.violationCount(), () -> "replay: " + config.replayCommand() + "\n"
                + String.join("\n", result.violations().stream().limit(10).map(Object::toString).toList()));
    }
}
