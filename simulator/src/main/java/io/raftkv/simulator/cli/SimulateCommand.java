package io.raftkv.simulator.cli;

import io.raftkv.simulator.SimConfig;
import io.raftkv.simulator.SimHooks;
import io.raftkv.simulator.SimResult;
import io.raftkv.simulator.Simulation;
import io.raftkv.simulator.Workload;
import io.raftkv.simulator.check.Violation;
import java.io.PrintStream;

/**
 * {@code simulate}: runs seed after seed, prints a progress line to stderr about every 10% of
 * the seeds, every failing seed with its first violations and the command that replays it, and
 * ends with exactly one summary line on stdout. Exit status: 0 when no seed found a violation,
 * 1 when one did, 2 for a bad command line.
 *
 * <p>Wall-clock time is read here only to report throughput; it never reaches a simulation.
 */
public final class SimulateCommand {
    private static final int VIOLATIONS_SHOWN = 5;

    private final PrintStream out;
    private final PrintStream err;
    private final SimHooks hooks;

    public SimulateCommand(PrintStream out, PrintStream err) {
        this(out, err, SimHooks.CORRECT);
    }

    /** With other components plugged in: for tests of how failures are reported. */
    SimulateCommand(PrintStream out, PrintStream err, SimHooks hooks) {
        this.out = out;
        this.err = err;
        this.hooks = hooks;
    }

    public static void main(String[] args) {
        System.exit(new SimulateCommand(System.out, System.err).run(args));
    }

    public int run(String[] args) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println(SimulateArgs.USAGE);
            return 0;
        }
        SimulateArgs parsed;
        try {
            parsed = SimulateArgs.parse(args);
        } catch (UsageException bad) {
            err.println("simulate: " + bad.getMessage());
            err.println(SimulateArgs.USAGE);
            return 2;
        }
        return simulate(parsed);
    }

    private int simulate(SimulateArgs args) {
        long events = 0;
        long simMicros = 0;
        long violations = 0;
        long failingSeeds = 0;
        long ops = 0;
        long linearizable = 0;
        String lastTrace = "";
        long step = Math.max(1, args.seeds() / 10);
        long startNanos = System.nanoTime();
        for (long i = 0; i < args.seeds(); i++) {
            long seed = args.firstSeed() + i;
            SimResult result = Simulation.run(SimConfig.defaults(seed, args.nodes(), args.simSeconds(), args.workload())
                    .withHooks(hooks));
            events += result.events();
            if (result.kvStats() != null) {
                ops += result.kvStats().ops();
                linearizable += result.kvStats().linearizable();
            }
            simMicros += result.simMicros();
            violations += result.violationCount();
            lastTrace = result.traceHex();
            if (!result.passed()) {
                failingSeeds++;
                reportFailure(result);
            }
            if ((i + 1) % step == 0 || i + 1 == args.seeds()) {
                err.printf("simulate: %d/%d seeds, %d failing, %d events, last seed %d: %s%n",
                        i + 1, args.seeds(), failingSeeds, events, seed, describe(result));
            }
        }
        double wallSeconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
        String kv = args.workload() == Workload.KV ? " ops=" + ops + " linearizable=" + linearizable : "";
        out.printf("simulate: seeds=%d violations=%d events=%d events_per_sec=%d sim_seconds=%d%s trace=%s%n",
                args.seeds(), violations, events, Math.round(events / wallSeconds), simMicros / 1_000_000, kv, lastTrace);
        out.flush();
        return violations > 0 ? 1 : 0;
    }

    private static String describe(SimResult result) {
        return result.kvStats() == null ? result.stats().toString() : result.stats().cluster() + " " + result.kvStats();
    }

    private void reportFailure(SimResult result) {
        err.printf("simulate: seed %d found %d violations (%s)%n", result.config().seed(), result.violationCount(),
                describe(result));
        int shown = 0;
        for (Violation violation : result.violations()) {
            if (shown++ == VIOLATIONS_SHOWN) {
                break;
            }
            err.println("  " + violation);
        }
        err.println("  replay: " + result.config().replayCommand());
    }
}
