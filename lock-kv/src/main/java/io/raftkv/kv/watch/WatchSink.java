package io.raftkv.kv.watch;

import io.raftkv.kv.proto.WatchResponse;

/**
 * Where a watch's responses go. Called on the node's execution context, in revision order: it
 * must not block (hand the response to another thread or queue it).
 */
@FunctionalInterface
public interface WatchSink {
    void onResponse(WatchResponse response);
}
