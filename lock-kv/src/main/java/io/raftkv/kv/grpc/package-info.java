/**
 * The KV API between processes: etcd's KV, Lease and Watch gRPC services (etcd_rpc.proto) served
 * over a member's {@link io.raftkv.kv.api.KvService} ({@link io.raftkv.kv.grpc.KvGrpcServer}), and
 * the client side ({@link io.raftkv.kv.grpc.RemoteKvService} per member, {@link
 * io.raftkv.kv.grpc.RemoteCluster} routed to the leader). {@link io.raftkv.kv.grpc.EtcdStatus} maps
 * failures to etcd's statuses and back, keeping what is known of a request's outcome.
 */
package io.raftkv.kv.grpc;
