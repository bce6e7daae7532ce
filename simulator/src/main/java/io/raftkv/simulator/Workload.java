package io.raftkv.simulator;

import java.util.Locale;

/**
 * What the simulated nodes run and what the clients do with it.
 *
 * <ul>
 *   <li>{@link #LOG}: the append-only {@link io.raftkv.simulator.sm.LogMachine}, with clients that
 *       propose and read; checks the Raft layer alone, against the log itself.</li>
 *   <li>{@link #KV}: the KV stack of lock-kv on every node (state machine, Raft node, KV server),
 *       with clients that put, get, delete and take locks on leases; checks the KV semantics
 *       (linearizability against a model, revision order, lock safety, the lease bound).</li>
 * </ul>
 */
public enum Workload {
    LOG,
    KV;

    /** The name on the command line ({@code --workload log|kv}). */
    public String flag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The workload named {@code flag} on the command line, or null when none is. */
    public static Workload ofFlag(String flag) {
        for (Workload workload : values()) {
            if (workload.flag().equals(flag)) {
                return workload;
            }
        }
        return null;
    }
}
