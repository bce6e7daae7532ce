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
    void theSameSeedGivesTheSameTraceForTheKvWorkload() {
        SimResult first = Simulation.run(SimConfig.defaults(42, 3, 10, Workload.KV));
        SimResult second = Simulation.run(SimConfig.defaults(42, 3, 10, Workload.KV));
        assertEquals(first.traceHash(), second.traceHash());
        assertEquals(first.events(), second.events());
        assertEquals(first.stats(), second.stats());
        assertEquals(first.kvStats(), second.kvStats());
        assertNotEquals(first.traceHash(), Simulation.run(SimConfig.defaults(42, 3, 10)).traceHash());
    }

    @Test
    void aKvRunExercisesLocksLeasesAndTheHistoryAndPasses() {
        SimResult result = Simulation.run(SimConfig.defaults(1, 3, 20, Workload.KV));
        assertEquals(0, result.violationCount(), result.violations().toString());
        assertTrue(result.kvStats().ops() > 500, result.kvStats().toString());
        assertTrue(result.kvStats().resourceWrites() > 50, result.kvStats().toString());
        assertTrue(result.kvStats().histories() > 0, result.kvStats().toString());
        assertEquals(result.kvStats().histories(), result.kvStats().linearizable(), result.kvStats().toString());
    }

    @Test
    void theReplayCommandNamesSeedNodesAndTime() {
        assertEquals("./raftkv simulate --seed 9 --nodes 5 --time 30", SimConfig.defaults(9, 5, 30).replayCommand());
        assertEquals("./raftkv simulate --seed 9 --nodes 3 --time 10 --workload kv",
                SimConfig.defaults(9, 3, 10, Workload.KV).replayCommand());
    }
}
