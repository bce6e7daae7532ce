/**
 * A general linearizability checker (Wing and Gong's search with Lowe's memoization, as in
 * Porcupine) and the checks that go with it.
 *
 * <ul>
 *   <li>{@link io.raftkv.simulator.check.linearizability.LinearizabilityChecker#check}: a history
 *       of {@link io.raftkv.simulator.check.linearizability.Op}s against a sequential {@link
 *       io.raftkv.simulator.check.linearizability.Model}, partition by partition, within a budget
 *       of model steps; the answer is a {@link io.raftkv.simulator.check.linearizability.CheckResult}.
 *       A test treats {@code OutOfBudget} as a failure.</li>
 *   <li>{@link io.raftkv.simulator.check.linearizability.RevisionOrderCheck}: store revisions
 *       against real time across all keys, which per-key partitions cannot see.</li>
 *   <li>{@code kv}: the model of etcd's key-value semantics, with the input and output types a
 *       KV workload records its history in.</li>
 * </ul>
 *
 * <p>Deterministic: no clock, no randomness, no iteration in hash order; the same history gives
 * the same result and the same number of steps.
 */
package io.raftkv.simulator.check.linearizability;
