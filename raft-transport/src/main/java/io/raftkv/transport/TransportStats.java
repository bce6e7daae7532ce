package io.raftkv.transport;

/**
 * What a transport did since it started, counted across all peers and lanes.
 *
 * @param messagesSent        messages handed to the socket
 * @param messagesDropped     messages refused by send: queue full, larger than a frame, unknown
 *                            peer, or the transport closed (Raft sends again)
 * @param messagesLost        messages queued but never handed to the socket, because the
 *                            connection broke or the transport closed first
 * @param messagesReceived    valid messages read from peers (and handed to the inbound consumer, if one is set)
 * @param reconnects          outbound connection attempts after the first one of a lane
 * @param connectionsAccepted inbound connections whose handshake was accepted
 * @param connectionsRefused  inbound connections closed for their handshake (wrong cluster, unknown
 *                            sender, another target, other protocol version, none at all or too late)
 *                            or because too many were open
 * @param framesRejected      connections closed for a bad frame: oversized or negative length,
 *                            unparseable, invalid message, addressed to or from the wrong member
 * @param unexpectedErrors    errors that are bugs of ours, never of the input (logged with stack traces)
 */
public record TransportStats(long messagesSent, long messagesDropped, long messagesLost, long messagesReceived,
                             long reconnects, long connectionsAccepted, long connectionsRefused,
                             long framesRejected, long unexpectedErrors) {}
