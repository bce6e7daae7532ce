package io.raftkv.kv;

import io.raftkv.kv.proto.ResponseHeader;

/** Fills the response header of a node: cluster id, member id, raft term, and the given store revision. */
@FunctionalInterface
public interface HeaderSource {
    HeaderSource REVISION_ONLY = revision -> ResponseHeader.newBuilder().setRevision(revision).build();

    ResponseHeader header(long revision);
}
