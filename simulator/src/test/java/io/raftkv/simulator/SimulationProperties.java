package io.raftkv.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;

/**
 * Whole clusters under the nemesis, one seed per try: every invariant holds at every step, and
 * liveness holds after the final heal. A failure names the command that replays the seed.
 */
class SimulationProperties {

    @Property(tries = 300, shrinking = ShrinkingMode.OFF)
    void threeNodeClustersStaySafeAndLiveUnderFaults(@ForAll long seed) {
        check(SimConfig.defaults(seed, 3, 15));
    }

    @Property(tries = 100, shrinking = ShrinkingMode.OFF)
    void fiveNodeClustersStaySafeAndLiveUnderFaults(@ForAll long seed) {
        check(SimConfig.defaults(seed, 5, 15));
    }

    private static void check(SimConfig config) {
        SimResult result = Simulation.run(config);
        assertEquals(0, result.violationCount(), () -> "replay: " + config.replayCommand() + "\n"
                + String.join("\n", result.violations().stream().limit(10).map(Object::toString).toList()));
    }
}
