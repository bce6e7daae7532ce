/**
 * etcd's key-value semantics as a sequential model, one key per partition: {@link
 * io.raftkv.simulator.check.linearizability.kv.KvModel}. A KV workload records each op as an
 * {@code Op<KvInput, KvOutput>}: a {@link io.raftkv.simulator.check.linearizability.kv.KvInput}
 * (put, get, delete, the lock's create-if-absent, a lease revoke or expiry) and the {@link
 * io.raftkv.simulator.check.linearizability.kv.KvOutput} the store answered, or null if the
 * outcome is unknown; ops that certainly failed are left out. Every output carries a revision, so
 * the same history also goes to {@link io.raftkv.simulator.check.linearizability.RevisionOrderCheck}.
 */
package io.raftkv.simulator.check.linearizability.kv;
