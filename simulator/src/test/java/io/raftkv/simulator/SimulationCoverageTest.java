package io.raftkv.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.raft.message.Message;
import io.raftkv.raft.message.RequestVote;
import io.raftkv.raft.message.TimeoutNow;
import io.raftkv.simulator.net.TransportWrapper;
import io.raftkv.simulator.nemesis.Fault;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The nemesis must reach the protocol's rarer paths, or the properties prove less than they seem to. */
class SimulationCoverageTest {
    private static final int SNAPSHOT_SEEDS = 120;

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

    @Test
    void seedsReachEveryCrashPointOfSnapshotWorkAndFollowersCatchUpBySnapshot() {
        long installed = 0;
        long passed = 0;
        Map<Fault.Trigger, Long> sprung = new EnumMap<>(Fault.Trigger.class);
        for (long seed = 1; seed <= SNAPSHOT_SEEDS; seed++) {
            SimResult result = Simulation.run(SimConfig.defaults(seed, 3, 15));
            installed += result.stats().snapshotsInstalled();
            passed += result.passed() ? 1 : 0;
            result.stats().trapsSprung().forEach((trigger, count) -> sprung.merge(trigger, count, Long::sum));
        }
        System.out.println("in " + SNAPSHOT_SEEDS + " seeds: snapshots installed by followers " + installed
                + ", traps sprung " + sprung);
        assertEquals(SNAPSHOT_SEEDS, passed, "every seed passes, liveness included");
        assertTrue(installed >= 10, "followers installed " + installed + " snapshots from leaders");
        for (Fault.Trigger point : new Fault.Trigger[] {Fault.Trigger.SNAPSHOT_CHUNK_ACKNOWLEDGED,
                Fault.Trigger.SNAPSHOT_RECEIVED, Fault.Trigger.SNAPSHOT_TAKEN, Fault.Trigger.SNAPSHOT_INSTALL_ISSUED,
                Fault.Trigger.SNAPSHOT_RESTORED}) {
            assertTrue(sprung.getOrDefault(point, 0L) > 0, "no crash at " + point + ": " + sprung);
        }
    }

    private static String kind(Message message) {
        if (message instanceof RequestVote vote && vote.preVote()) {
            return "PreVote";
        }
        return message instanceof TimeoutNow ? "TimeoutNow" : message.getClass().getSimpleName();
    }
}
