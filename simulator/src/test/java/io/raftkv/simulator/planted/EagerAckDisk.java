package io.raftkv.simulator.planted;

import io.raftkv.raft.Entry;
import io.raftkv.raft.HardState;
import io.raftkv.raft.PersistentState;
import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.runtime.LogStorage;
import io.raftkv.raft.runtime.LogStorage.WriteCallback;
import io.raftkv.simulator.disk.DiskFactory;
import io.raftkv.simulator.disk.DurableLog;
import io.raftkv.simulator.disk.NodeDisk;
import io.raftkv.simulator.disk.SimulatedDisk;
import java.io.IOException;
import java.util.List;

/**
 * PLANTED BUG: a disk that acknowledges a write as soon as it is issued, before its sync ends
 * (a write cache that lies, or a storage layer that forgot to wait for fsync). A crash still
 * loses what was not synced, so the node has promised votes and entries it no longer holds.
 */
final class EagerAckDisk implements NodeDisk {
    static final DiskFactory FACTORY = (nodeId, loop, random, model) ->
            new EagerAckDisk(new SimulatedDisk(nodeId, loop, random, model));

    private final SimulatedDisk disk;

    private EagerAckDisk(SimulatedDisk disk) {
        this.disk = disk;
    }

    @Override
    public LogStorage open() {
        LogStorage real = disk.open();
        return new LogStorage() {
            @Override
            public PersistentState load() throws IOException {
                return real.load();
            }

            @Override
            public void write(HardState hardState, List<Entry> entries, WriteCallback callback) {
                real.write(hardState, entries, NOTHING);
                callback.onDurable();
            }

            @Override
            public void compactThrough(long index) {
                real.compactThrough(index);
            }

            @Override
            public void installSnapshot(SnapshotMeta snapshot) {
                real.installSnapshot(snapshot);
            }

            @Override
            public void close() {
                real.close();
            }
        };
    }

    private static final WriteCallback NOTHING = new WriteCallback() {
        @Override
        public void onDurable() {}

        @Override
        public void onFailure(Exception cause) {}
    };

    @Override
    public void crash() {
        disk.crash();
    }

    @Override
    public DurableLog durable() {
        return disk.durable();
    }

    @Override
    public void slowDown(int factor) {
        disk.slowDown(factor);
    }
}
