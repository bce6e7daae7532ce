/**
 * Whole raftkv clusters in one thread, on a virtual clock, with every random choice drawn from
 * one seed: the real {@link io.raftkv.raft.runtime.RaftNode} runtime and core, with simulated
 * scheduler, network, disk and clocks around them.
 *
 * <ul>
 *   <li>{@code loop}: the event loop (a heap by virtual time and sequence number) and the trace
 *       hash over every event;</li>
 *   <li>{@code node}, {@code clock}: a machine's process incarnations (a crash drops its tasks, a
 *       pause defers them) and its drifting, skewed clock;</li>
 *   <li>{@code net}, {@code disk}: the network (latency with a long tail, loss, duplication,
 *       reordering, cut links) and the disk (durable only after a simulated sync, in order; a
 *       crash loses the rest);</li>
 *   <li>{@code nemesis}: the fault schedule drawn from the seed, and the final heal;</li>
 *   <li>{@code client}, {@code sm}: clients that propose and read linearizably, and the
 *       append-only state machine whose state hash pins down what every read saw;</li>
 *   <li>{@code kv}: the KV workload ({@code --workload kv}): lock-kv's state machine and server on
 *       every node, data and lock clients, and its checks (replicas' results, lock safety at the
 *       protected resources, the lease bound, linearizability against the KV model);</li>
 *   <li>{@code check}: the invariants, checked on every Ready, every send and every apply, and
 *       the history (linearizability) and liveness checks after the run;
 *       {@code check.linearizability}: the general linearizability checker and its KV model;</li>
 *   <li>{@code cli}: {@code simulate}, the command behind {@code ./raftkv simulate}.</li>
 * </ul>
 *
 * <p>{@link io.raftkv.simulator.Simulation#run} runs one {@link io.raftkv.simulator.SimConfig};
 * {@link io.raftkv.simulator.SimHooks} is where tests plug in deliberately broken disks, storage,
 * transports, KV nodes and lock releases to prove the checks catch them.
 */
package io.raftkv.simulator;
