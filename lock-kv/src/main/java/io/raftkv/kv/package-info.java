/**
 * The replicated key-value state machine with etcd's semantics, the lock and election recipes, the embedded API, server, client and command line. Filled in by the KV issue.
 */
package io.raftkv.kv;
