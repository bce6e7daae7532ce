package io.raftkv.simulator.kv;

import com.google.protobuf.ByteString;
import io.raftkv.simulator.check.Violations;
import io.raftkv.simulator.client.ClientModel;
import io.raftkv.simulator.client.ClusterAccess;
import io.raftkv.simulator.loop.EventLoop;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A client that runs one operation at a time on a few keys: get (now and then of a lock key, to
 * watch locks come and go), put, delete, or create-if-absent, each with a value no other write
 * uses. It never writes a lock key: only lock holders do.
 */
public final class DataClient extends KvSimClient {
    /** One get in this many reads a lock key instead of a data key. */
    private static final int LOCK_KEY_READ_ONE_IN = 5;

    private final KvWorkloadModel model;
    private final List<ByteString> dataKeys;
    private final List<ByteString> lockKeys;
    private long writes;

    public DataClient(long clientId, EventLoop loop, ClusterAccess cluster, KvHistory history, RandomGenerator random,
                      ClientModel timing, Violations violations, KvWorkloadModel model, List<ByteString> dataKeys,
                      List<ByteString> lockKeys) {
        super(clientId, loop, cluster, history, random, timing, violations);
        this.model = model;
        this.dataKeys = List.copyOf(dataKeys);
        this.lockKeys = List.copyOf(lockKeys);
    }

    @Override
    protected void begin() {
        next();
    }

    private void next() {
        if (stopped()) {
            return;
        }
        int roll = random.nextInt(1_000_000);
        Done<Object> thinkThenNext = (op, response, refusal) ->
                after(between(timing.thinkMinMicros(), timing.thinkMaxMicros()), this::next);
        if (roll < model.getPpm()) {
            List<ByteString> keys = random.nextInt(LOCK_KEY_READ_ONE_IN) == 0 ? lockKeys : dataKeys;
            ByteString key = keys.get(random.nextInt(keys.size()));
            perform(KvOp.Kind.GET, key, null, 0, service -> service.range(KvRequests.get(key)), thinkThenNext::done);
            return;
        }
        ByteString key = dataKeys.get(random.nextInt(dataKeys.size()));
        roll -= model.getPpm();
        if (roll < model.deletePpm()) {
            perform(KvOp.Kind.DELETE, key, null, 0, service -> service.deleteRange(KvRequests.delete(key)),
                    thinkThenNext::done);
            return;
        }
        ByteString value = ByteString.copyFromUtf8("c" + clientId + "-" + ++writes);
        if (roll - model.deletePpm() < model.createPpm()) {
            perform(KvOp.Kind.CREATE_IF_ABSENT, key, value, 0,
                    service -> service.txn(KvRequests.createIfAbsent(key, value, 0)), thinkThenNext::done);
        } else {
            perform(KvOp.Kind.PUT, key, value, 0, service -> service.put(KvRequests.put(key, value)),
                    thinkThenNext::done);
        }
    }
}
