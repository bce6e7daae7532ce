package io.raftkv.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SimulationSmokeTest {
    @Test
    void oneSeedRunsCleanly() {
        SimResult result = Simulation.run(SimConfig.defaults(1, 3, 20));
        System.out.println(result.stats() + " events=" + result.events() + " trace=" + result.traceHex());
        result.violations().forEach(System.out::println);
        assertEquals(0, result.violationCount());
    }
}
