package io.raftkv.simulator.bench;

import io.raftkv.simulator.SimConfig;
import io.raftkv.simulator.SimResult;
import io.raftkv.simulator.Simulation;
import io.raftkv.simulator.client.ClientModel;

/**
 * Not a test: how fast the simulator runs a 5-node cluster under client load, in events per
 * wall second and simulated seconds per wall second. Run on demand:
 * {@code java -cp ... io.raftkv.simulator.bench.SimulatorBenchmark [seeds] [simSeconds] [clients]}.
 * The first seeds warm the JIT up and are not counted.
 */
public final class SimulatorBenchmark {
    private static final int WARMUP_SEEDS = 3;

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        long simSeconds = args.length > 1 ? Long.parseLong(args[1]) : 60;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        ClientModel load = new ClientModel(clients, 0, 2_000, 1_000_000, 200_000, 200, 1_500);
        for (boolean faults : new boolean[] {false, true}) {
            long events = 0;
            long simMicros = 0;
            long writes = 0;
            long startNanos = 0;
            for (int i = -WARMUP_SEEDS; i < seeds; i++) {
                if (i == 0) {
                    startNanos = System.nanoTime();
                }
                SimConfig config = SimConfig.defaults(1000 + i, 5, simSeconds).withClients(load);
                if (!faults) {
                    config = config.withNemesis(io.raftkv.simulator.nemesis.NemesisModel.OFF);
                }
                SimResult result = Simulation.run(config);
                if (i >= 0) {
                    events += result.events();
                    simMicros += result.simMicros();
                    writes += result.stats().writesAcknowledged();
                }
            }
            double wall = (System.nanoTime() - startNanos) / 1e9;
            System.out.printf("5 nodes, %d clients, faults %s: %d seeds x %d s: %.0f events/s, sim/wall %.0fx, "
                            + "%.0f acknowledged writes per simulated second%n",
                    clients, faults ? "on" : "off", seeds, simSeconds, events / wall, simMicros / 1e6 / wall,
                    writes / (simMicros / 1e6));
        }
    }
}
