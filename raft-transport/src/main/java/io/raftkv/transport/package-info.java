/**
 * Raft messages between peers over Netty TCP, as length-prefixed protobuf frames
 * ({@code transport.proto}). {@link io.raftkv.transport.NettyTransport} is the entry point,
 * configured by an immutable {@link io.raftkv.transport.TransportConfig}.
 */
package io.raftkv.transport;
