package io.raftkv.simulator.client;

import io.raftkv.raft.util.Check;

/**
 * How the simulated clients behave: how many, how long each waits between operations, how long
 * it waits for an answer before it gives up (and counts the outcome unknown), what share of
 * operations are reads, and the one-way latency between a client and a node.
 */
public record ClientModel(int clients, long thinkMinMicros, long thinkMaxMicros, long timeoutMicros,
                          int readPpm, long latencyMinMicros, long latencyMaxMicros) {
    public static final ClientModel DEFAULT = new ClientModel(3, 1_000, 40_000, 1_000_000, 300_000, 200, 1_500);

    public ClientModel {
        Check.that(clients >= 0, "clients must not be negative, was %d", clients);
        Check.that(thinkMinMicros >= 0 && thinkMaxMicros >= thinkMinMicros, "think time range is empty");
        Check.that(timeoutMicros > 0, "timeoutMicros must be positive, was %d", timeoutMicros);
        Check.that(readPpm >= 0 && readPpm <= 1_000_000, "readPpm %d not in [0, 1e6]", readPpm);
        Check.that(latencyMinMicros >= 0 && latencyMaxMicros >= latencyMinMicros, "latency range is empty");
    }
}
