/**
 * Raft messages between peers over Netty TCP with protobuf frames. Filled in by the transport issue; the simulator's network stands in until then.
 */
package io.raftkv.transport;
