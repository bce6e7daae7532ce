package io.raftkv.simulator.cli;

import io.raftkv.simulator.SimConfig;
import io.raftkv.simulator.Workload;

/**
 * The flags of {@code simulate}: {@code --seeds N} runs N seeds (default 100, or 1 when only
 * {@code --seed} is given), starting at {@code --seed S} (default 1); {@code --nodes K} (default
 * 3) and {@code --time SIM_SECONDS} per seed (default 60); {@code --workload log|kv} (default log).
 */
public record SimulateArgs(long seeds, long firstSeed, int nodes, long simSeconds, Workload workload) {
    public static final String USAGE =
            "usage: simulate [--seeds N] [--seed S] [--nodes K] [--time SIM_SECONDS] [--workload log|kv]";
    private static final long DEFAULT_SEEDS = 100;
    private static final long SIM_SECONDS_MAX = 86_400;

    public static SimulateArgs parse(String[] args) throws UsageException {
        Long seeds = null;
        Long seed = null;
        long nodes = 3;
        long simSeconds = 60;
        Workload workload = Workload.LOG;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (!flag.equals("--seeds") && !flag.equals("--seed") && !flag.equals("--nodes") && !flag.equals("--time")
                    && !flag.equals("--workload")) {
                throw new UsageException("unknown flag '" + flag + "'");
            }
            if (i + 1 >= args.length) {
                throw new UsageException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--seeds" -> seeds = number(flag, value, 1, Long.MAX_VALUE, "a positive number of seeds");
                case "--seed" -> seed = number(flag, value, Long.MIN_VALUE, Long.MAX_VALUE, "an integer seed");
                case "--nodes" -> nodes = number(flag, value, 1, SimConfig.NODES_MAX, "a cluster size in 1.." + SimConfig.NODES_MAX);
                case "--workload" -> workload = workload(value);
                default -> simSeconds = number(flag, value, 1, SIM_SECONDS_MAX,
                        "simulated seconds per seed in 1.." + SIM_SECONDS_MAX);
            }
        }
        long count = seeds != null ? seeds : (seed != null ? 1 : DEFAULT_SEEDS);
        return new SimulateArgs(count, seed != null ? seed : 1, (int) nodes, simSeconds, workload);
    }

    private static Workload workload(String value) throws UsageException {
        Workload workload = Workload.ofFlag(value);
        if (workload == null) {
            throw new UsageException("--workload expects log or kv, got '" + value + "'");
        }
        return workload;
    }

    private static long number(String flag, String value, long min, long max, String expected) throws UsageException {
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException notANumber) {
            throw new UsageException(flag + " expects " + expected + ", got '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new UsageException(flag + " expects " + expected + ", got " + parsed);
        }
        return parsed;
    }
}
