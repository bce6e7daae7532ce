package io.raftkv.simulator.bench;

import io.raftkv.simulator.SimConfig;
import io.raftkv.simulator.SimResult;
import io.raftkv.simulator.Simulation;
import io.raftkv.simulator.client.ClientModel;
import io.raftkv.simulator.nemesis.NemesisModel;
import java.util.Arrays;
import java.util.function.LongFunction;
import java.util.function.ToDoubleFunction;

/**
 * Not a test: how fast the simulator runs, as medians of several rounds (this machine is shared
 * and noisy). Events per wall second for the default 3-node workload, then simulated seconds per
 * wall second for a 5-node cluster under heavy client load, without and with faults. Everything
 * runs on one thread, so the figures are per core. Run with {@code ./raftkv bench simulator
 * [--rounds R] [--seeds N] [--time SIM_SECONDS] [--clients C]}.
 */
public final class SimulatorBenchmark {
    private static final int WARMUP_SEEDS = 3;

    private record Round(double eventsPerSec, double simPerWall, double writesPerSimSecond) {}

    public static void main(String[] args) {
        int rounds = intFlag(args, "--rounds", 3);
        int seeds = intFlag(args, "--seeds", 10);
        int simSeconds = intFlag(args, "--time", 60);
        int clients = intFlag(args, "--clients", 10);
        ClientModel heavyLoad = new ClientModel(clients, 0, 2_000, 1_000_000, 200_000, 200, 1_500);

        report("3 nodes, default clients, faults on", rounds, seeds, simSeconds,
                seed -> SimConfig.defaults(seed, 3, simSeconds));
        report("5 nodes, " + clients + " clients, faults off", rounds, seeds, simSeconds,
                seed -> SimConfig.defaults(seed, 5, simSeconds).withClients(heavyLoad).withNemesis(NemesisModel.OFF));
        report("5 nodes, " + clients + " clients, faults on", rounds, seeds, simSeconds,
                seed -> SimConfig.defaults(seed, 5, simSeconds).withClients(heavyLoad));
    }

    private static void report(String workload, int rounds, int seeds, int simSeconds,
                               LongFunction<SimConfig> config) {
        for (long seed = 0; seed < WARMUP_SEEDS; seed++) {
            Simulation.run(config.apply(900_000 + seed));
        }
        Round[] results = new Round[rounds];
        for (int round = 0; round < rounds; round++) {
            results[round] = runRound(seeds, config, 1_000L * round);
            System.err.printf("bench simulator: %s: round %d/%d: %.0f events/s, sim/wall %.0fx%n",
                    workload, round + 1, rounds, results[round].eventsPerSec, results[round].simPerWall);
        }
        System.out.printf("%s: %d rounds x %d seeds x %d s: median events_per_sec=%.0f sim_per_wall=%.0fx"
                        + " acknowledged_writes_per_sim_second=%.0f%n",
                workload, rounds, seeds, simSeconds, median(results, Round::eventsPerSec),
                median(results, Round::simPerWall), median(results, Round::writesPerSimSecond));
    }

    private static Round runRound(int seeds, LongFunction<SimConfig> config, long firstSeed) {
        long events = 0;
        long simMicros = 0;
        long writes = 0;
        long startNanos = System.nanoTime();
        for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
            SimResult result = Simulation.run(config.apply(seed));
            events += result.events();
            simMicros += result.simMicros();
            writes += result.stats().writesAcknowledged();
        }
        double wallSeconds = (System.nanoTime() - startNanos) / 1e9;
        return new Round(events / wallSeconds, simMicros / 1e6 / wallSeconds, writes / (simMicros / 1e6));
    }

    private static double median(Round[] rounds, ToDoubleFunction<Round> metric) {
        double[] values = Arrays.stream(rounds).mapToDouble(metric).sorted().toArray();
        return values[values.length / 2];
    }

    private static int intFlag(String[] args, String flag, int fallback) {
        for (int i = 0; i < args.length; i++) {
            if (!args[i].equals(flag)) {
                continue;
            }
            if (i + 1 == args.length) {
                exitWithUsage(flag + " needs a value");
            }
            try {
                int value = Integer.parseInt(args[i + 1]);
                if (value < 1) {
                    exitWithUsage(flag + " must be at least 1, was " + value);
                }
                return value;
            } catch (NumberFormatException e) {
                exitWithUsage(flag + " takes a whole number, was '" + args[i + 1] + "'");
            }
        }
        return fallback;
    }

    private static void exitWithUsage(String problem) {
        System.err.println("bench simulator: " + problem);
        System.err.println("usage: ./raftkv bench simulator [--rounds R] [--seeds N] [--time SIM_SECONDS] [--clients C]");
        System.exit(2);
    }
}
