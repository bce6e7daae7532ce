package io.raftkv.simulator.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.raftkv.raft.Entry;
import io.raftkv.raft.HardState;
import io.raftkv.raft.PersistentState;
import io.raftkv.raft.runtime.LogStorage;
import io.raftkv.simulator.loop.EventLoop;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SimulatedDiskTest {
    private final EventLoop loop = new EventLoop();
    private final SimulatedDisk disk = new SimulatedDisk(1, loop, new SplittableRandom(3), new DiskModel(1_000, 5_000, 0, 1));
    private final List<String> acknowledged = new ArrayList<>();

    private static Entry entry(long index, long term) {
        return Entry.normal(index, term, ByteString.copyFromUtf8("e" + index));
    }

    private LogStorage.WriteCallback ack(String name) {
        return new LogStorage.WriteCallback() {
            @Override
            public void onDurable() {
                acknowledged.add(name + "@" + loop.nowMicros());
            }

            @Override
            public void onFailure(Exception cause) {
                acknowledged.add(name + " failed");
            }
        };
    }

    @Test
    void aWriteIsDurableAndAcknowledgedOnlyWhenItsSyncEnds() throws IOException {
        LogStorage storage = disk.open();
        storage.write(new HardState(1, 1, 0), List.of(entry(1, 1)), ack("w1"));
        assertEquals(0, disk.durable().lastIndex());
        assertEquals(List.of(), acknowledged);
        loop.runUntil(5_000);
        assertEquals(1, disk.durable().lastIndex());
        assertEquals(1, acknowledged.size());
        assertEquals(new HardState(1, 1, 0), storage.load().hardState());
    }

    @Test
    void writesBecomeDurableInTheOrderTheyWereIssued() {
        LogStorage storage = disk.open();
        for (int i = 1; i <= 50; i++) {
            storage.write(null, List.of(entry(i, 1)), ack("w" + i));
        }
        loop.runUntil(1_000_000);
        assertEquals(50, acknowledged.size());
        for (int i = 0; i < 50; i++) {
            assertEquals(true, acknowledged.get(i).startsWith("w" + (i + 1) + "@"), acknowledged.get(i));
        }
    }

    @Test
    void aCrashLosesWhatWasNotSyncedAndItsCallbacks() throws IOException {
        LogStorage first = disk.open();
        first.write(new HardState(1, 2, 0), List.of(entry(1, 1)), ack("synced"));
        loop.runUntil(5_000);
        first.write(new HardState(2, 3, 0), List.of(entry(2, 2)), ack("lost"));
        disk.crash();
        loop.runUntil(100_000);
        PersistentState restored = disk.open().load();
        assertEquals(new HardState(1, 2, 0), restored.hardState());
        assertEquals(List.of(entry(1, 1)), restored.entries());
        assertEquals(1, acknowledged.size());
        first.write(null, List.of(entry(2, 1)), ack("from the dead"));
        loop.runUntil(200_000);
        assertEquals(1, disk.durable().lastIndex());
    }

    @Test
    void aTornCrashKeepsAPrefixOfTheUnsyncedWritesInOrderAndAcknowledgesNone() {
        java.util.Set<Long> survivorCounts = new java.util.TreeSet<>();
        for (int seed = 0; seed < 40; seed++) {
            EventLoop tornLoop = new EventLoop();
            SimulatedDisk torn = new SimulatedDisk(1, tornLoop, new SplittableRandom(seed),
                    new DiskModel(1_000, 5_000, 0, 1, 1_000_000));
            LogStorage storage = torn.open();
            for (int i = 1; i <= 5; i++) {
                storage.write(new HardState(i, 1, 0), List.of(entry(i, i)), ack("unsynced" + i));
            }
            torn.crash();
            tornLoop.runUntil(1_000_000);
            long last = torn.durable().lastIndex();
            survivorCounts.add(last);
            // A prefix: the hard state is that of the last surviving write, and every entry before it is there.
            assertEquals(last, torn.durable().hardState().term());
            for (long i = 1; i <= last; i++) {
                assertEquals(i, torn.durable().termAt(i));
            }
        }
        assertEquals(List.of(), acknowledged);
        assertEquals(java.util.Set.of(0L, 1L, 2L, 3L, 4L, 5L), survivorCounts, "empty, partial and whole prefixes");
    }

    @Test
    void aWriteReplacesTheSuffixFromItsFirstIndex() {
        LogStorage storage = disk.open();
        storage.write(null, List.of(entry(1, 1), entry(2, 1), entry(3, 1)), ack("a"));
        storage.write(null, List.of(entry(2, 2)), ack("b"));
        loop.runUntil(100_000);
        assertEquals(2, disk.durable().lastIndex());
        assertEquals(2, disk.durable().termAt(2));
    }

    @Test
    void aWriteThatLeavesAGapIsABug() {
        DurableLog log = new DurableLog();
        assertThrows(IllegalStateException.class, () -> log.apply(null, List.of(entry(2, 1))));
    }

    @Test
    void aSlowDiskTakesLonger() {
        disk.slowDown(100);
        disk.open().write(null, List.of(entry(1, 1)), ack("slow"));
        loop.runUntil(99_000);
        assertEquals(List.of(), acknowledged);
        loop.runUntil(600_000);
        assertEquals(1, acknowledged.size());
    }
}
