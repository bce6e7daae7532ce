package io.raftkv.simulator.kv;

import io.raftkv.kv.api.KvService;
import io.raftkv.raft.runtime.SnapshottingStateMachine;

/**
 * Wraps the pieces of each KV incarnation: the hook through which tests plug in a deliberately
 * broken state machine or server. Production code has no such hook; the simulator's observers
 * stay outside whatever is plugged in here.
 */
public interface KvNodeWrapper {
    KvNodeWrapper NONE = new KvNodeWrapper() {};

    /** What Raft applies to, around the node's {@code KvStateMachine}. */
    default SnapshottingStateMachine machine(KvNodeContext node, SnapshottingStateMachine machine) {
        return machine;
    }

    /** What clients reach on this node, around its {@code KvServer}. */
    default KvService service(KvNodeContext node, KvService service) {
        return service;
    }
}
