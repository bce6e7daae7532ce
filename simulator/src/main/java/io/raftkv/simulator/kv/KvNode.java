package io.raftkv.simulator.kv;

import io.raftkv.kv.api.KvService;
import io.raftkv.kv.server.KvServer;
import io.raftkv.kv.state.KvStateMachine;

/**
 * One incarnation's KV stack: the state machine its Raft node applies to, the server on top, and
 * the service clients reach (the server, seen through the simulator's observers and any hook).
 */
public record KvNode(KvStateMachine machine, KvServer server, KvService service) {}
