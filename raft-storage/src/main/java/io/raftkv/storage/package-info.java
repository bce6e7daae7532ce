/**
 * Durable Raft storage on RocksDB: {@link io.raftkv.storage.RocksDbLogStorage} keeps the log and
 * the hard state, with group commit, checksummed records, a locked data directory and a metadata
 * record that ties the directory to one cluster and node. Snapshots come later.
 */
package io.raftkv.storage;
