/**
 * The KV API between processes: etcd's KV, Lease and Watch gRPC services (etcd_rpc.proto) served
 * over a member's {@link io.raftkv.kv.api.KvService} ({@link io.raftkv.kv.grpc.KvGrpcServer}), and
 * the client side ({@link io.raftkv.kv.grpc.RemoteKvService} per member, {@link
 * io.raftkv.kv.grpc.RemoteCluster} routed to the leader). With a cluster client and a {@link
 * io.raftkv.kv.grpc.MemberInfo} the server also serves etcd's Lock and Election services
 * (v3lock.proto, v3election.proto, over {@link io.raftkv.kv.recipe.LeaseRecipes}), Cluster.MemberList
 * and Maintenance.Status. {@link io.raftkv.kv.grpc.EtcdStatus} maps
 * failures to etcd's statuses and back, keeping what is known of a request's outcome.
 */
package io.raftkv.kv.grpc;
