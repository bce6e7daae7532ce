package io.raftkv.kv.cli;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.ByteString;
import io.raftkv.kv.KvException;
import io.raftkv.kv.api.Cmp;
import io.raftkv.kv.api.KvClient;
import io.raftkv.kv.api.Op;
import io.raftkv.kv.proto.KeyValue;
import io.raftkv.kv.proto.TxnResponse;
import io.raftkv.kv.recipe.FencingToken;
import io.raftkv.kv.recipe.Mutex;
import io.raftkv.kv.recipe.Session;
import io.raftkv.raft.runtime.RaftException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One client of the fault test, on a thread of its own: in a loop, take the lock ({@link Mutex}
 * on a {@link Session}), read the counter from the fenced resource with the lock's token, put
 * counter + 1 under {@code /counter} (a transaction guarded by the lock key's create revision, so
 * that a lost hold cannot write), then set the resource to it with the token, and unlock. A put
 * that failed indeterminately is read back: if the new value is there the increment happened; if
 * it cannot be read, or is not there (it may still land), it stays unresolved. After any failure
 * the session is replaced. Every wait has a deadline.
 */
final class FaultWorker {
    private static final long SESSION_TTL_SECONDS = 3;
    private static final long LOCK_WAIT_MS = 10_000;
    private static final long STEP_DEADLINE_MS = 5_000;
    private static final ByteString LOCK = ByteString.copyFromUtf8("/lock");

    private final KvClient client;
    private final FaultHistory history;
    private final Thread thread;
    private volatile boolean stopping;

    private FaultWorker(int index, KvClient client, FaultHistory history) {
        this.client = client;
        this.history = history;
        this.thread = new Thread(this::run, "fault-worker-" + index);
        thread.setDaemon(true);
    }

    static FaultWorker start(int index, KvClient client, FaultHistory history) {
        FaultWorker worker = new FaultWorker(index, client, history);
        worker.thread.start();
        return worker;
    }

    /** Asks the worker to stop after its current hold. */
    void stop() {
        stopping = true;
    }

    void join(long deadlineMs) throws InterruptedException {
        thread.join(deadlineMs);
        if (thread.isAlive()) {
            fail(thread.getName() + " did not stop within " + deadlineMs + " ms");
        }
    }

    private void run() {
        Session session = null;
        Mutex mutex = null;
        try {
            while (!stopping) {
                if (session == null || !session.isLive()) {
                    close(session);
                    session = open();
                    mutex = session == null ? null : new Mutex(session, LOCK);
                } else if (!holdAndIncrement(mutex)) {
                    close(session);
                    session = null;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable unexpected) {
            history.workerFailed(unexpected);
        } finally {
            close(session);
        }
    }

    private Session open() throws InterruptedException {
        try {
            return await(Session.open(client, SESSION_TTL_SECONDS), STEP_DEADLINE_MS);
        } catch (Failed failed) {
            history.lockFailed();
            return null;
        }
    }

    /** One hold: lock, read, put, write, unlock. False if the session should be replaced. */
    private boolean holdAndIncrement(Mutex mutex) throws InterruptedException {
        CompletableFuture<FencingToken> locking = mutex.lock();
        FencingToken token;
        try {
            token = await(locking, LOCK_WAIT_MS);
        } catch (Failed failed) {
            locking.cancel(true);
            history.lockFailed();
            return false;
        }
        long hold = history.newHold();
        OptionalLong counter = history.read(token, hold);
        boolean fine = counter.isPresent() && increment(mutex, token, hold, counter.getAsLong() + 1);
        try {
            return await(mutex.unlock(), STEP_DEADLINE_MS) && fine;
        } catch (Failed failed) {
            return false;
        }
    }

    private boolean increment(Mutex mutex, FencingToken token, long hold, long next) throws InterruptedException {
        TxnResponse answer;
        try {
            answer = await(client.kv().txn().when(Cmp.createRevision(mutex.key()).eq(token.revision()))
                    .then(Op.put(RealProcessFaultTest.COUNTER_KEY, text(next))).commit(), STEP_DEADLINE_MS);
        } catch (Failed failed) {
            if (failed.certainlyNotApplied()) {
                return false;
            }
            boolean applied = readsBack(next);
            history.indeterminate(applied);
            if (applied) {
                history.write(token, hold, next);
            }
            return false;
        }
        if (!answer.getSucceeded()) {
            history.holdLost();
            return false;
        }
        history.ackedPut(answer.getHeader().getRevision(), next);
        return history.write(token, hold, next);
    }

    /** Whether a linearizable read of /counter shows {@code value}; false if it does not or cannot be read. */
    private boolean readsBack(long value) throws InterruptedException {
        try {
            Optional<KeyValue> kv = await(client.kv().get(RealProcessFaultTest.COUNTER_KEY), STEP_DEADLINE_MS);
            return kv.isPresent() && kv.get().getValue().equals(text(value));
        } catch (Failed failed) {
            return false;
        }
    }

    private void close(Session session) {
        if (session == null) {
            return;
        }
        try {
            await(session.close(), STEP_DEADLINE_MS);
        } catch (Failed | InterruptedException ignored) {
            // Its lease expires within the TTL.
        }
    }

    private static ByteString text(long value) {
        return ByteString.copyFromUtf8(Long.toString(value));
    }

    private static <T> T await(CompletableFuture<T> future, long deadlineMs) throws Failed, InterruptedException {
        try {
            return future.get(deadlineMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new Failed(e.getCause());
        } catch (TimeoutException e) {
            throw new Failed(e);
        }
    }

    /** A request that failed or timed out; whether it certainly changed nothing. */
    private static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;

        Failed(Throwable cause) {
            super(cause);
        }

        boolean certainlyNotApplied() {
            return getCause() instanceof KvException
                    || (getCause() instanceof RaftException raft && raft.certainlyNotApplied());
        }
    }
}
