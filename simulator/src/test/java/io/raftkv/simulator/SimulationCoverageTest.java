package io.raftkv.simulator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.raft.message.Message;
import io.raftkv.raft.message.RequestVote;
import io.raftkv.raft.message.TimeoutNow;
import io.raftkv.simulator.net.TransportWrapper;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The nemesis must reach the protocol's rarer paths, or the properties prove less than they seem to. */
class SimulationCoverageTest {

    @Test
    void twentySeedsReachElectionsTransfersCrashesAndEveryMessageKind() {
        Map<String, Long> sent = new TreeMap<>();
        TransportWrapper counting = (nodeId, members, random, transport) -> message -> {
            sent.merge(kind(message), 1L, Long::sum);
            transport.send(message);
        };
        long crashes = 0;
        long leaders = 0;
        long failedWrites = 0;
        for (long seed = 1; seed <= 20; seed++) {
            SimResult result = Simulation.run(SimConfig.defaults(seed, 3, 15).withHooks(SimHooks.CORRECT.withTransports(counting)));
            crashes += result.stats().crashes();
            leaders += result.stats().leadersElected();
            failedWrites += result.stats().writesFailed() + result.stats().writesUnknown();
        }
        for (String kind : new String[] {"RequestVote", "PreVote", "RequestVoteResponse", "AppendEntries",
                "AppendEntriesResponse", "Heartbeat", "HeartbeatResponse", "TimeoutNow", "InstallSnapshot",
                "InstallSnapshotResponse"}) {
            assertTrue(sent.getOrDefault(kind, 0L) > 0, kind + " never sent: " + sent);
        }
        System.out.println("messages sent in 20 seeds: " + sent);
        assertTrue(crashes >= 20, "crashes " + crashes);
        assertTrue(leaders >= 60, "leaders elected " + leaders);
        assertTrue(failedWrites > 0, "no write ever failed");
    }

    private static String kind(Message message) {
        if (message instanceof RequestVote vote && vote.preVote()) {
            return "PreVote";
        }
        return message instanceof TimeoutNow ? "TimeoutNow" : message.getClass().getSimpleName();
    }
}
