package io.raftkv.simulator;

import io.raftkv.simulator.disk.DiskFactory;
import io.raftkv.simulator.disk.StorageWrapper;
import io.raftkv.simulator.net.TransportWrapper;

/**
 * Where a test plugs deliberately broken components into an otherwise correct simulation: the
 * disk, the storage handle each incarnation opens, and each node's transport.
 */
public record SimHooks(DiskFactory disks, StorageWrapper storage, TransportWrapper transports) {
    public static final SimHooks CORRECT = new SimHooks(DiskFactory.SIMULATED, StorageWrapper.NONE, TransportWrapper.NONE);

    public SimHooks withDisks(DiskFactory factory) {
        return new SimHooks(factory, storage, transports);
    }

    public SimHooks withStorage(StorageWrapper wrapper) {
        return new SimHooks(disks, wrapper, transports);
    }

    public SimHooks withTransports(TransportWrapper wrapper) {
        return new SimHooks(disks, storage, wrapper);
    }
}
