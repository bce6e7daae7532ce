/**
 * Durable Raft storage on RocksDB: {@link io.raftkv.storage.RocksDbLogStorage} keeps the log and
 * the hard state, with group commit, checksummed records, a locked data directory and a metadata
 * record that ties the directory to one cluster and node; snapshot installs and compactions go
 * through the same ordered group commit. {@link io.raftkv.storage.FileSnapshotStore} keeps
 * snapshots as checksummed files, saved atomically, damaged ones skipped and reported.
 */
package io.raftkv.storage;
