/**
 * Durable Raft storage on RocksDB: the log, hard state and snapshots. Filled in by the storage issue; raft-core's MemoryLogStorage stands in until then.
 */
package io.raftkv.storage;
