package io.raftkv.simulator.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.raftkv.simulator.architecture.ArchitectureRules.SourceFile;
import io.raftkv.simulator.architecture.ArchitectureRules.Violation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scans the source of every module of the repository, from the simulator's tests because the
 * simulator is the top of the graph: imports point down (DESIGN.md, STYLE.md habit 1) and the
 * deterministic core reads no clock, draws no unseeded randomness and starts no thread.
 * {@link ArchitectureRulesTest} shows that each rule can fail.
 */
class ArchitectureTest {

    private static Repository repository;

    @BeforeAll
    static void scan() throws IOException {
        repository = Repository.load(Path.of(""));
    }

    @Test
    void everyModuleOfTheBuildHasRules() {
        for (String module : repository.modules) {
            assertTrue(ArchitectureRules.MODULES.containsKey(module),
                    () -> "module " + module + " has no rules: decide what it may import and add it to ArchitectureRules.MODULES");
        }
    }

    @Test
    void theScanSeesTheCoreSoItCannotPassByFindingNothing() {
        List<Path> coreMain = repository.sources.stream()
                .filter(f -> f.module().equals(ArchitectureRules.CORE) && f.isMain())
                .map(SourceFile::path).collect(Collectors.toList());

        assertTrue(coreMain.stream().anyMatch(p -> p.endsWith(Path.of("io/raftkv/raft/RaftConfig.java"))),
                () -> "raft-core's main sources not found under " + repository.root + ": " + coreMain);
        assertTrue(repository.modules.contains(ArchitectureRules.SIMULATOR), () -> "modules: " + repository.modules);
    }

    @Test
    void importsPointDownAndTheCoreStaysDeterministic() {
        List<Violation> violations = repository.violations();

        if (!violations.isEmpty()) {
            fail(violations.size() + " architecture violation(s) under " + repository.root + ":\n"
                    + violations.stream().map(Violation::toString).collect(Collectors.joining("\n")));
        }
    }
}
