package io.raftkv.storage;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One implementation under a contract test, opened on a fresh directory: composition rather than
 * a test subclass per implementation. "Restart" is what a node restart means for it: the same
 * instance for an in-memory one, close and reopen on the same directory for one on disk.
 *
 * @param <S> the contract (LogStorage, SnapshotStore)
 */
record ContractSubject<S>(String name, Opener<S> opener) {

    @Override
    public String toString() {
        return name;
    }

    interface Opener<S> {
        Instance<S> open(Path dir) throws IOException;
    }

    /** An opened implementation. */
    interface Instance<S> {
        S get();

        /** The implementation as a restarted node finds it. */
        Instance<S> restart() throws IOException;

        void close();
    }

    /** An in-memory implementation: a restart finds the very same instance. */
    static <S> Instance<S> inMemory(S subject, Runnable close) {
        return new Instance<>() {
            public S get() {
                return subject;
            }

            public Instance<S> restart() {
                return this;
            }

            public void close() {
                close.run();
            }
        };
    }

    /** An implementation on disk: a restart closes it and opens it again on {@code dir}. */
    static <S> Instance<S> onDisk(S subject, Runnable close, Path dir, Opener<S> reopen) {
        return new Instance<>() {
            public S get() {
                return subject;
            }

            public Instance<S> restart() throws IOException {
                close.run();
                return reopen.open(dir);
            }

            public void close() {
                close.run();
            }
        };
    }
}
