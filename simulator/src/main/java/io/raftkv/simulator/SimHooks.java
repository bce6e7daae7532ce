package io.raftkv.simulator;

import io.raftkv.simulator.disk.DiskFactory;
import io.raftkv.simulator.disk.SnapshotStoreFactory;
import io.raftkv.simulator.disk.StorageWrapper;
import io.raftkv.simulator.net.TransportWrapper;

/**
 * Where a test plugs deliberately broken components into an otherwise correct simulation: the
 * disk, the storage handle each incarnation opens, each node's transport, and the snapshot store.
 */
public record SimHooks(DiskFactory disks, StorageWrapper storage, TransportWrapper transports,
                       SnapshotStoreFactory snapshotStores) {
    public static final SimHooks CORRECT = new SimHooks(DiskFactory.SIMULATED, StorageWrapper.NONE, TransportWrapper.NONE,
            SnapshotStoreFactory.SIMULATED);

    public SimHooks withDisks(DiskFactory factory) {
        return new SimHooks(factory, storage, transports, snapshotStores);
    }

    public SimHooks withStorage(StorageWrapper wrapper) {
        return new SimHooks(disks, wrapper, transports, snapshotStores);
    }

    public SimHooks withTransports(TransportWrapper wrapper) {
        return new SimHooks(disks, storage, wrapper, snapshotStores);
    }

    public SimHooks withSnapshotStores(SnapshotStoreFactory factory) {
        return new SimHooks(disks, storage, transports, factory);
    }
}
