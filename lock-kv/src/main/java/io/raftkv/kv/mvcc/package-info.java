/**
 * The MVCC store of the KV state machine: etcd v3's revisions, ranges at past revisions, puts,
 * deletes and compare-then-act transactions, compaction, and the history watches replay.
 * {@link io.raftkv.kv.mvcc.MvccStore} is the entry point; everything else here is one step of it.
 */
package io.raftkv.kv.mvcc;
