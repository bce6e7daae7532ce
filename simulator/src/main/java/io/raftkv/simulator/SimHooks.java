package io.raftkv.simulator;

import io.raftkv.simulator.disk.DiskFactory;
import io.raftkv.simulator.disk.SnapshotStoreFactory;
import io.raftkv.simulator.disk.StorageWrapper;
import io.raftkv.simulator.kv.KvNodeWrapper;
import io.raftkv.simulator.kv.MutexUnlocker;
import io.raftkv.simulator.kv.Unlocker;
import io.raftkv.simulator.net.TransportWrapper;

/**
 * Where a test plugs deliberately broken components into an otherwise correct simulation: the
 * disk, the storage handle each incarnation opens, each node's transport, and the snapshot store;
 * in KV runs also the KV state machine and server of each incarnation, and how lock clients and
 * mutex clients release their locks.
 */
public record SimHooks(DiskFactory disks, StorageWrapper storage, TransportWrapper transports,
                       SnapshotStoreFactory snapshotStores, KvNodeWrapper kvNodes, Unlocker unlocker,
                       MutexUnlocker mutexUnlocker) {
    public static final SimHooks CORRECT = new SimHooks(DiskFactory.SIMULATED, StorageWrapper.NONE, TransportWrapper.NONE,
            SnapshotStoreFactory.SIMULATED, KvNodeWrapper.NONE, Unlocker.REVOKE,
            MutexUnlocker.RECIPE);

    public SimHooks withDisks(DiskFactory factory) {
        return new SimHooks(factory, storage, transports, snapshotStores, kvNodes, unlocker, mutexUnlocker);
    }

    public SimHooks withStorage(StorageWrapper wrapper) {
        return new SimHooks(disks, wrapper, transports, snapshotStores, kvNodes, unlocker, mutexUnlocker);
    }

    public SimHooks withTransports(TransportWrapper wrapper) {
        return new SimHooks(disks, storage, wrapper, snapshotStores, kvNodes, unlocker, mutexUnlocker);
    }

    public SimHooks withSnapshotStores(SnapshotStoreFactory factory) {
        return new SimHooks(disks, storage, transports, factory, kvNodes, unlocker, mutexUnlocker);
    }

    public SimHooks withKvNodes(KvNodeWrapper wrapper) {
        return new SimHooks(disks, storage, transports, snapshotStores, wrapper, unlocker, mutexUnlocker);
    }

    public SimHooks withUnlocker(Unlocker newUnlocker) {
        return new SimHooks(disks, storage, transports, snapshotStores, kvNodes, newUnlocker, mutexUnlocker);
    }

    public SimHooks withMutexUnlocker(MutexUnlocker newUnlocker) {
        return new SimHooks(disks, storage, transports, snapshotStores, kvNodes, unlocker, newUnlocker);
    }
}
