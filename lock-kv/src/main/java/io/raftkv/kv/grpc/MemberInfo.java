package io.raftkv.kv.grpc;

import io.raftkv.kv.proto.MemberListResponse;
import io.raftkv.kv.proto.StatusResponse;
import java.util.concurrent.CompletableFuture;

/**
 * What etcd's Cluster.MemberList and Maintenance.Status answer about the member that serves them,
 * headers included (a node provides it: see {@code io.raftkv.kv.node.RaftKvNode}).
 */
public interface MemberInfo {
    CompletableFuture<MemberListResponse> memberList();

    CompletableFuture<StatusResponse> status();
}
