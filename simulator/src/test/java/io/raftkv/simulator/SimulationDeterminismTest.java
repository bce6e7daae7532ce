package io.raftkv.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SimulationDeterminismTest {

    @Test
    void theSameSeedGivesTheSameTrace() {
        SimResult first = Simulation.run(SimConfig.defaults(42, 3, 15));
        SimResult second = Simulation.run(SimConfig.defaults(42, 3, 15));
        assertEquals(first.traceHash(), second.traceHash());
        assertEquals(first.events(), second.events());
        assertEquals(first.stats(), second.stats());
    }

    @Test
    void theSameSeedGivesTheSameTraceForFiveNodes() {
        assertEquals(Simulation.run(SimConfig.defaults(7, 5, 10)).traceHash(),
                Simulation.run(SimConfig.defaults(7, 5, 10)).traceHash());
    }

    @Test
    void aDifferentSeedGivesADifferentTrace() {
        assertNotEquals(Simulation.run(SimConfig.defaults(42, 3, 15)).traceHash(),
                Simulation.run(SimConfig.defaults(43, 3, 15)).traceHash());
    }

    @Test
    void aRunExercisesTheClusterAndPasses() {
        SimResult result = Simulation.run(SimConfig.defaults(1, 3, 20));
        assertEquals(0, result.violationCount(), result.violations().toString());
        assertTrue(result.stats().writesAcknowledged() > 100, result.stats().toString());
        assertTrue(result.stats().readsServed() > 50, result.stats().toString());
        assertTrue(result.stats().faults() > 3, result.stats().toString());
        assertEquals(20_000_000, result.simMicros());
    }

    @Test
    void withoutFaultsEveryOperationSucceeds() {
        SimResult result = Simulation.run(SimConfig.defaults(5, 3, 10).withNemesis(io.raftkv.simulator.nemesis.NemesisModel.OFF));
        assertEquals(0, result.violationCount(), result.violations().toString());
        assertEquals(0, result.stats().writesUnknown(), result.stats().toString());
        assertEquals(1, result.stats().leadersElected(), result.stats().toString());
    }

    @Test
    void theReplayCommandNamesSeedNodesAndTime() {
        assertEquals("./raftkv simulate --seed 9 --nodes 5 --time 30", SimConfig.defaults(9, 5, 30).replayCommand());
    }
}
