package io.raftkv.simulator.architecture;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The direction of dependencies (DESIGN.md, "Modules and the direction of dependencies"; STYLE.md
 * habit 1) and the calls the deterministic core may not make (DESIGN.md, "The deterministic core"),
 * checked on source text line by line.
 */
final class ArchitectureRules {
    private ArchitectureRules() {}

    static final String SIMULATOR = "simulator";
    static final String CORE = "raft-core";
    /**
     * The only file of raft-core that may touch real time and threads: the production scheduler.
     * Everything else there, the runtime included, also runs inside the simulator.
     */
    static final String PRODUCTION_SCHEDULER_FILE = "ThreadScheduler.java";
    /** Simulator packages that time whole runs for reporting; nothing they measure feeds back. */
    static final List<String> SIMULATOR_REPORTING_PACKAGES = List.of("io.raftkv.simulator.cli", "io.raftkv.simulator.bench");
    static final String KV = "lock-kv";
    /**
     * lock-kv packages that run on real threads, sockets and clocks and never inside the simulator:
     * node assembly, the gRPC layer and the command line. The rest of lock-kv (the state machine,
     * leases, watches, server, API and recipes) runs in simulated time, so it is deterministic code.
     */
    static final List<String> KV_PRODUCTION_PACKAGES = List.of("io.raftkv.kv.node", "io.raftkv.kv.grpc", "io.raftkv.kv.cli");

    /**
     * What a module may import besides its own packages: other modules, and third-party packages
     * by prefix (an empty prefix list with {@code anyLibrary} means any library).
     */
    record ModuleRule(Set<String> modules, List<String> libraries, boolean anyLibrary) {
        static ModuleRule only(Set<String> modules, List<String> libraries) {
            return new ModuleRule(modules, libraries, false);
        }

        static ModuleRule anyLibrary(Set<String> modules) {
            return new ModuleRule(modules, List.of(), true);
        }
    }

    private static final String[] JDK = {"java.", "javax."};

    /**
     * protobuf is raft-core's own format library and appears in its API (entry data is a
     * ByteString), so the modules on top of raft-core may use it too.
     */
    static final Map<String, ModuleRule> MODULES = Map.of(
            CORE, ModuleRule.only(Set.of(), concat(JDK, "com.google.protobuf.")),
            "raft-storage", ModuleRule.only(Set.of(CORE), concat(JDK, "com.google.protobuf.", "org.rocksdb.", "org.slf4j.")),
            "raft-transport", ModuleRule.only(Set.of(CORE), concat(JDK, "com.google.protobuf.", "io.netty.", "org.slf4j.")),
            "lock-kv", ModuleRule.anyLibrary(Set.of(CORE, "raft-storage", "raft-transport")),
            SIMULATOR, ModuleRule.anyLibrary(Set.of(CORE, "raft-storage", "raft-transport", "lock-kv")));

    /** Test trees may also use the test frameworks every module is tested with. */
    static final List<String> TEST_LIBRARIES = List.of("org.junit.", "net.jqwik.", "org.opentest4j.");

    record BannedCall(Pattern pattern, String name, String instead) {}

    private static BannedCall banned(String regex, String name, String instead) {
        return new BannedCall(Pattern.compile(regex), name, instead);
    }

    private static final String TIME = "time enters the core as ticks or through an injected clock";
    private static final String RANDOM = "randomness comes from an injected, seeded RandomGenerator";
    private static final String THREADS = "the core owns no thread; the runtime's Scheduler does";

    static final List<BannedCall> CORE_BANNED = List.of(
            banned("\\bSystem\\s*\\.\\s*currentTimeMillis\\b", "System.currentTimeMillis", TIME),
            banned("\\bSystem\\s*\\.\\s*nanoTime\\b", "System.nanoTime", TIME),
            banned("\\b(?:Instant|LocalDateTime|LocalDate|LocalTime|ZonedDateTime|OffsetDateTime)\\s*\\.\\s*now\\b",
                    "<java.time type>.now", TIME),
            banned("\\bClock\\s*\\.\\s*system\\w*\\b", "Clock.system*", TIME),
            banned("\\bnew\\s+(?:java\\.util\\.)?Random\\s*\\(", "new Random(", RANDOM),
            banned("\\bnew\\s+(?:java\\.security\\.)?SecureRandom\\s*\\(", "new SecureRandom(", RANDOM),
            banned("\\bThreadLocalRandom\\b", "ThreadLocalRandom", RANDOM),
            banned("\\bMath\\s*\\.\\s*random\\b", "Math.random", RANDOM),
            banned("\\bThread\\s*\\.\\s*sleep\\b", "Thread.sleep", THREADS),
            banned("\\bnew\\s+(?:java\\.lang\\.)?Thread\\s*\\(", "new Thread(", THREADS));

    private static final Pattern SIMULATOR_REFERENCE = Pattern.compile("\\bio\\.raftkv\\.simulator\\b");

    /** One Java file of one source tree ({@code main}, {@code test}, ...) of one module. */
    record SourceFile(String module, String tree, Path path, String text) {
        boolean isMain() {
            return tree.equals("main");
        }
    }

    record Violation(Path path, int line, String problem) {
        @Override
        public String toString() {
            return path + ":" + line + ": " + problem;
        }
    }

    /**
     * Checks one file. {@code packageOwners} maps every package that some module declares (or
     * generates from its .proto files) to the modules that do.
     */
    static List<Violation> check(SourceFile file, Map<String, Set<String>> packageOwners) {
        List<Violation> violations = new ArrayList<>();
        ModuleRule rule = MODULES.get(file.module());
        if (rule == null) {
            violations.add(new Violation(file.path(), 1, "module " + file.module()
                    + " has no rules: decide what it may import and add it to ArchitectureRules.MODULES"));
            return violations;
        }
        String code = JavaSource.codeOnly(file.text());
        Set<Integer> importLines = new HashSet<>();
        for (JavaSource.Import anImport : JavaSource.imports(code)) {
            importLines.add(anImport.line());
            checkImport(file, rule, anImport, packageOwners).ifPresent(problem ->
                    violations.add(new Violation(file.path(), anImport.line(), problem)));
        }
        String[] lines = JavaSource.lines(code);
        if (!file.module().equals(SIMULATOR)) {
            // Fully qualified names in code; imports of the simulator were reported above.
            for (int i = 0; i < lines.length; i++) {
                if (!importLines.contains(i + 1) && SIMULATOR_REFERENCE.matcher(lines[i]).find()) {
                    violations.add(new Violation(file.path(), i + 1,
                            file.module() + " refers to io.raftkv.simulator: nothing outside the simulator may"));
                }
            }
        }
        if (isDeterministicCore(file, code)) {
            violations.addAll(bannedCalls(file, lines));
        }
        return violations;
    }

    private static Optional<String> checkImport(SourceFile file, ModuleRule rule, JavaSource.Import anImport,
                                                Map<String, Set<String>> packageOwners) {
        String name = anImport.name();
        String packageName = anImport.packageName();
        Set<String> owners = packageOwners.get(packageName);
        if (owners != null) {
            if (owners.contains(file.module()) || owners.stream().anyMatch(rule.modules()::contains)) {
                return Optional.empty();
            }
            return Optional.of(file.module() + " may not import " + name + " (from " + String.join(", ", owners)
                    + "); it may use only " + (rule.modules().isEmpty() ? "its own packages" : rule.modules()));
        }
        if (packageName.startsWith("io.raftkv.") || packageName.equals("io.raftkv")) {
            return Optional.of(file.module() + " imports " + name + ", but no module declares package " + packageName);
        }
        if (rule.anyLibrary() || startsWithAny(name, rule.libraries())
                || (!file.isMain() && startsWithAny(name, TEST_LIBRARIES))) {
            return Optional.empty();
        }
        return Optional.of(file.module() + " may not import " + name + ": its " + file.tree()
                + " code may use only " + rule.libraries() + (file.isMain() ? "" : " and " + TEST_LIBRARIES)
                + (rule.modules().isEmpty() ? "" : " and the modules " + rule.modules()));
    }

    private static boolean inAny(String packageName, List<String> packages) {
        return packages.stream().anyMatch(p -> packageName.equals(p) || packageName.startsWith(p + "."));
    }

    private static boolean startsWithAny(String name, List<String> prefixes) {
        return prefixes.stream().anyMatch(name::startsWith);
    }

    private static boolean isDeterministicCore(SourceFile file, String code) {
        if (!file.isMain()) {
            return false;
        }
        String packageName = JavaSource.packageOf(code).orElse("");
        if (file.module().equals(CORE)) {
            return !file.path().getFileName().toString().equals(PRODUCTION_SCHEDULER_FILE);
        }
        if (file.module().equals(SIMULATOR)) {
            return !inAny(packageName, SIMULATOR_REPORTING_PACKAGES);
        }
        if (file.module().equals(KV)) {
            return !inAny(packageName, KV_PRODUCTION_PACKAGES);
        }
        return false;
    }

    private static List<Violation> bannedCalls(SourceFile file, String[] lines) {
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            for (BannedCall call : CORE_BANNED) {
                if (call.pattern().matcher(lines[i]).find()) {
                    violations.add(new Violation(file.path(), i + 1,
                            call.name() + " in the deterministic core: " + call.instead()));
                }
            }
        }
        return violations;
    }

    private static List<String> concat(String[] first, String... rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        return List.copyOf(all);
    }
}
