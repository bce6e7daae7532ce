package io.raftkv.simulator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.raft.Entry;
import io.raftkv.raft.HardState;
import io.raftkv.raft.PersistentState;
import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.runtime.LogStorage;
import io.raftkv.simulator.SimHooks;
import io.raftkv.simulator.Workload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulateCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new SimulateCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aRunEndsWithExactlyOneSummaryLineOnStdout() {
        assertEquals(0, run("--seeds", "3", "--seed", "10", "--time", "5"));
        String[] lines = out().split("\n");
        assertEquals(1, lines.length, out());
        assertTrue(lines[0].matches("simulate: seeds=3 violations=0 events=\\d+ events_per_sec=\\d+ sim_seconds=15 trace=[0-9a-f]{16}"),
                lines[0]);
        assertTrue(err().contains("3/3 seeds"), err());
    }

    @Test
    void theSameSeedPrintsTheSameTrace() {
        run("--seed", "77", "--time", "5");
        String first = out().substring(out().indexOf("trace="));
        out.reset();
        run("--seed", "77", "--time", "5");
        assertEquals(first, out().substring(out().indexOf("trace=")));
        assertTrue(out().startsWith("simulate: seeds=1 "), out());
    }

    @Test
    void defaultsAreThreeNodesSixtySecondsAHundredSeedsAndTheLogWorkload() throws UsageException {
        assertEquals(new SimulateArgs(100, 1, 3, 60, Workload.LOG), SimulateArgs.parse(new String[0]));
        assertEquals(new SimulateArgs(1, 5, 3, 60, Workload.LOG), SimulateArgs.parse(new String[] {"--seed", "5"}));
        assertEquals(new SimulateArgs(4, 5, 7, 2, Workload.KV), SimulateArgs.parse(new String[] {"--seeds", "4", "--seed",
                "5", "--nodes", "7", "--time", "2", "--workload", "kv"}));
    }

    @Test
    void aViolationIsReportedWithTheReplayCommandAndANonZeroExit() {
        SimHooks eagerAcks = SimHooks.CORRECT.withStorage((nodeId, incarnation, storage) -> new LogStorage() {
            @Override
            public PersistentState load() throws IOException {
                return storage.load();
            }

            @Override
            public void write(HardState hardState, List<Entry> entries, WriteCallback callback) {
                storage.write(hardState, entries, new WriteCallback() {
                    @Override
                    public void onDurable() {}

                    @Override
                    public void onFailure(Exception cause) {}
                });
                callback.onDurable();
            }

            @Override
            public void installSnapshot(SnapshotMeta snapshot) {
                storage.installSnapshot(snapshot);
            }

            @Override
            public void close() {}
        });
        int status = new SimulateCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), eagerAcks).run(new String[] {"--seed", "3", "--time", "5"});
        assertEquals(1, status);
        assertTrue(out().matches("simulate: seeds=1 violations=[1-9]\\d* .*\n"), out());
        assertTrue(err().contains("seed 3 found"), err());
        assertTrue(err().contains("DURABILITY_PROMISE"), err());
        assertTrue(err().contains("replay: ./raftkv simulate --seed 3 --nodes 3 --time 5"), err());
    }

    @Test
    void badFlagsAreUsageErrorsNamingTheFlag() {
        assertEquals(2, run("--sedes", "3"));
        assertTrue(err().contains("unknown flag '--sedes'"), err());
        err.reset();
        assertEquals(2, run("--nodes", "zero"));
        assertTrue(err().contains("--nodes expects a cluster size in 1..15, got 'zero'"), err());
        err.reset();
        assertEquals(2, run("--seeds", "0"));
        assertTrue(err().contains("--seeds expects a positive number of seeds, got 0"), err());
        err.reset();
        assertEquals(2, run("--time"));
        assertTrue(err().contains("--time needs a value"), err());
        err.reset();
        assertEquals(2, run("--workload", "KV"));
        assertTrue(err().contains("--workload expects log or kv, got 'KV'"), err());
        assertEquals("", out());
    }
}
