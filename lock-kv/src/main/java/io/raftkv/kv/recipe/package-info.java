/**
 * The lock and election recipes on top of the KV API, with etcd's algorithms: {@link
 * io.raftkv.kv.recipe.Session} (a lease kept alive), {@link io.raftkv.kv.recipe.Mutex} (fair,
 * FIFO), {@link io.raftkv.kv.recipe.Election}, and {@link io.raftkv.kv.recipe.LeaseLock} (the
 * one-transaction try-lock applications write by hand). Every hold comes with a {@link
 * io.raftkv.kv.recipe.FencingToken}, which a {@link io.raftkv.kv.recipe.FencedResource} checks.
 *
 * <p>Everything here is asynchronous (futures, never a blocked thread) and takes time only from
 * the client's {@link io.raftkv.raft.runtime.Scheduler}, so the recipes run unchanged inside the
 * deterministic simulator. Each recipe's state is confined to that scheduler. Failures of the
 * service reach the caller as {@link io.raftkv.kv.api.KvService} states them. The only request a
 * recipe sends again after a failure is a lease keep-alive (renewing twice is harmless); reading a
 * lock's queue again after a deletion or a compacted watch is the algorithm, not a retry.
 */
package io.raftkv.kv.recipe;
