package io.raftkv.simulator.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.simulator.architecture.ArchitectureRules.SourceFile;
import io.raftkv.simulator.architecture.ArchitectureRules.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The scanner on small fake sources: every rule both fails and passes where it should. */
class ArchitectureRulesTest {

    private static final Map<String, Set<String>> OWNERS = Map.of(
            "io.raftkv.raft", Set.of("raft-core"),
            "io.raftkv.raft.util", Set.of("raft-core"),
            "io.raftkv.raft.message", Set.of("raft-core"),
            "io.raftkv.raft.proto", Set.of("raft-core"),
            "io.raftkv.raft.runtime", Set.of("raft-core"),
            "io.raftkv.raft.storage", Set.of("raft-storage"),
            "io.raftkv.raft.transport", Set.of("raft-transport"),
            "io.raftkv.kv", Set.of("lock-kv"),
            "io.raftkv.simulator", Set.of("simulator"));

    private static List<Violation> check(String module, String tree, String source) {
        return ArchitectureRules.check(new SourceFile(module, tree, Path.of(module, "Fake.java"), source), OWNERS);
    }

    private static List<Violation> checkFile(String module, String tree, String fileName, String source) {
        return ArchitectureRules.check(new SourceFile(module, tree, Path.of(module, fileName), source), OWNERS);
    }

    private static String source(String packageName, String... lines) {
        return "package " + packageName + ";\n" + String.join("\n", lines) + "\n";
    }

    private static Violation onlyViolation(List<Violation> violations) {
        assertEquals(1, violations.size(), () -> "expected one violation: " + violations);
        return violations.get(0);
    }

    @Test
    void coreImportingNettyFailsNamingFileAndLine() {
        String fake = source("io.raftkv.raft", "", "import java.util.List;", "import io.netty.channel.Channel;");

        Violation violation = onlyViolation(check("raft-core", "main", fake));

        assertEquals(4, violation.line());
        assertTrue(violation.toString().startsWith(Path.of("raft-core", "Fake.java") + ":4: "), violation.toString());
        assertTrue(violation.problem().contains("raft-core may not import io.netty.channel.Channel"), violation.problem());
    }

    @Test
    void coreMayImportTheJdkProtobufAndItsOwnPackages() {
        String fake = source("io.raftkv.raft",
                "import java.util.List;", "import javax.crypto.Mac;", "import com.google.protobuf.ByteString;",
                "import io.raftkv.raft.proto.EntryProto;", "import static io.raftkv.raft.util.Check.that;",
                "import io.raftkv.raft.util.Check.InvariantViolation;", "import io.raftkv.raft.*;");

        assertEquals(List.of(), check("raft-core", "main", fake));
    }

    @Test
    void coreMayNotImportAModuleAboveIt() {
        Violation violation = onlyViolation(check("raft-core", "main",
                source("io.raftkv.raft", "import io.raftkv.raft.storage.RocksLogStorage;")));

        assertTrue(violation.problem().contains("from raft-storage"), violation.problem());
    }

    @Test
    void coreTestsMayUseTestFrameworksButCoreMainMayNot() {
        String fake = source("io.raftkv.raft", "import org.junit.jupiter.api.Test;", "import net.jqwik.api.Property;");

        assertEquals(List.of(), check("raft-core", "test", fake));
        assertEquals(2, check("raft-core", "main", fake).size());
    }

    @Test
    void storageAndTransportMayUseTheCoreAndTheirLibrariesButNotEachOther() {
        assertEquals(List.of(), check("raft-storage", "main", source("io.raftkv.raft.storage",
                "import io.raftkv.raft.Entry;", "import org.rocksdb.RocksDB;", "import org.slf4j.Logger;",
                "import com.google.protobuf.ByteString;")));
        assertEquals(List.of(), check("raft-transport", "main", source("io.raftkv.raft.transport",
                "import io.raftkv.raft.message.Message;", "import io.netty.buffer.ByteBuf;")));

        onlyViolation(check("raft-storage", "main", source("io.raftkv.raft.storage",
                "import io.raftkv.raft.transport.NettyTransport;")));
        onlyViolation(check("raft-transport", "main", source("io.raftkv.raft.transport",
                "import io.raftkv.raft.storage.RocksLogStorage;")));
        onlyViolation(check("raft-transport", "main", source("io.raftkv.raft.transport", "import org.rocksdb.RocksDB;")));
    }

    @Test
    void nothingOutsideTheSimulatorImportsOrNamesIt() {
        onlyViolation(check("lock-kv", "main", source("io.raftkv.kv", "import io.raftkv.simulator.SimClock;")));
        onlyViolation(check("lock-kv", "main", source("io.raftkv.kv", "import static io.raftkv.simulator.SimClock.now;")));
        onlyViolation(check("lock-kv", "test", source("io.raftkv.kv", "class A { io.raftkv.simulator.SimClock clock; }")));

        assertEquals(List.of(), check("simulator", "main", source("io.raftkv.simulator",
                "import io.raftkv.kv.KvStore;", "import io.raftkv.raft.Entry;", "import org.anything.At.All;")));
    }

    @Test
    void anImportOfAPackageNoModuleDeclaresFails() {
        Violation violation = onlyViolation(check("lock-kv", "main", source("io.raftkv.kv", "import io.raftkv.nowhere.Thing;")));

        assertTrue(violation.problem().contains("no module declares package io.raftkv.nowhere"), violation.problem());
    }

    @Test
    void aModuleWithoutRulesFails() {
        Violation violation = onlyViolation(check("raft-new", "main", source("io.raftkv.raft.fresh")));

        assertTrue(violation.problem().contains("has no rules"), violation.problem());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "long now = System.currentTimeMillis();", "long now = System.nanoTime();",
            "var now = java.time.Instant.now();", "Random r = new Random(42);", "Random r = new java.util.Random();",
            "int i = ThreadLocalRandom.current().nextInt();", "Thread.sleep(5);", "new Thread(task).start();",
            "double d = Math.random();", "Clock c = Clock.systemUTC();", "var r = new SecureRandom();"})
    void bannedCallInTheDeterministicCoreFails(String statement) {
        String fake = source("io.raftkv.raft.election", "class A {", "  void f() throws Exception {", "    " + statement, "  }", "}");

        Violation violation = onlyViolation(check("raft-core", "main", fake));

        assertEquals(4, violation.line());
        assertTrue(violation.problem().contains("in the deterministic core"), violation.problem());
    }

    @Test
    void bannedStaticImportInTheCoreFails() {
        String fake = source("io.raftkv.raft", "import static java.lang.System.currentTimeMillis;");

        assertTrue(onlyViolation(check("raft-core", "main", fake)).problem().contains("System.currentTimeMillis"));
    }

    @Test
    void bannedCallsAreAllowedOnlyInTheProductionSchedulerInTestsInReportingAndOutsideTheSimulatedCode() {
        String call = "class A { long t = System.nanoTime(); Thread t2 = new Thread(() -> {}); }";

        assertEquals(List.of(), checkFile("raft-core", "main", "ThreadScheduler.java", source("io.raftkv.raft.runtime", call)));
        assertEquals(List.of(), check("raft-core", "test", source("io.raftkv.raft", call)));
        assertEquals(List.of(), check("simulator", "main", source("io.raftkv.simulator.cli", call)));
        assertEquals(List.of(), check("simulator", "main", source("io.raftkv.simulator.bench", call)));
        assertEquals(List.of(), check("lock-kv", "main", source("io.raftkv.kv.node", call)));
        assertEquals(List.of(), check("lock-kv", "main", source("io.raftkv.kv.grpc", call)));
        assertEquals(List.of(), check("lock-kv", "main", source("io.raftkv.kv.cli", call)));
    }

    @Test
    void theKvStateMachineServerAndRecipesRunInSimulatedTimeSoBannedCallsThereFail() {
        String call = "class A { long t = System.nanoTime(); }";

        assertEquals(1, check("lock-kv", "main", source("io.raftkv.kv", call)).size());
        assertEquals(1, check("lock-kv", "main", source("io.raftkv.kv.state", call)).size());
        assertEquals(1, check("lock-kv", "main", source("io.raftkv.kv.server", call)).size());
        assertEquals(1, check("lock-kv", "main", source("io.raftkv.kv.recipe", call)).size());
        assertEquals(List.of(), check("lock-kv", "test", source("io.raftkv.kv.recipe", call)));
    }

    @Test
    void theRuntimeAndTheSimulatorRunInSimulatedTimeSoBannedCallsThereFail() {
        String call = "class A { long t = System.nanoTime(); }";

        assertEquals(1, check("raft-core", "main", source("io.raftkv.raft.runtime", call)).size(),
                "the runtime (RaftNode and its parts) runs inside the simulator");
        assertEquals(1, check("simulator", "main", source("io.raftkv.simulator.net", call)).size());
    }

    @Test
    void bannedNamesInCommentsAndLiteralsAreNotCalls() {
        String fake = source("io.raftkv.raft",
                "/** Never calls System.currentTimeMillis(); see",
                " *  Thread.sleep(1) */",
                "class A { // new Random(1)",
                "  String s = \"Instant.now() \\\" new Thread(\";",
                "  char c = '\"'; String t = \"ThreadLocalRandom\";",
                "  String block = \"\"\"",
                "      System.nanoTime()",
                "      \"\"\";",
                "}");

        assertEquals(List.of(), check("raft-core", "main", fake));
    }

    @Test
    void codeOnlyKeepsLinesAndBlanksCommentsAndLiterals() {
        String source = "a /* b\nc */ d // e\n\"f\\\"g\" 'h' i";

        String code = JavaSource.codeOnly(source);

        assertEquals(source.length(), code.length());
        assertEquals("a" + " ".repeat(5) + "\n" + " ".repeat(5) + "d" + " ".repeat(5) + "\n\"    \" ' ' i", code);
    }

    @Test
    void importsResolveToTheirPackage() {
        List<JavaSource.Import> imports = JavaSource.imports(String.join("\n",
                "import a.b.C;", "import static a.b.C.m;", "import a.b.C.Inner;", "import a.b.*;",
                "import static a.b.C.*;", "  import a.b.lower;"));

        assertEquals(List.of("a.b", "a.b", "a.b", "a.b", "a.b", "a.b"),
                imports.stream().map(JavaSource.Import::packageName).toList());
        assertEquals(6, imports.get(5).line());
    }

    @Test
    void rootIsTheNearestDirectoryWithAMultiModulePom(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("pom.xml"), "<project><!-- <module>old</module> --><modules>"
                + "<module>raft-core</module>\n<module> simulator </module></modules></project>");
        Path simulator = Files.createDirectories(dir.resolve("simulator/src"));
        Files.writeString(dir.resolve("simulator/pom.xml"), "<project><artifactId>simulator</artifactId></project>");

        assertEquals(dir.toRealPath(), Repository.findRoot(simulator).toRealPath());
        assertEquals(List.of("raft-core", "simulator"), Repository.modules(Files.readString(dir.resolve("pom.xml"))));
    }

    @Test
    void noRootIsAClearError(@TempDir Path dir) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Repository.findRoot(dir));

        assertTrue(e.getMessage().contains("no pom.xml with <modules>"), e.getMessage());
    }

    @Test
    void aPackageInTheMainCodeOfTwoModulesIsReported(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("pom.xml"), "<project><modules><module>raft-core</module>"
                + "<module>raft-storage</module></modules></project>");
        for (String module : List.of("raft-core", "raft-storage")) {
            Path pkg = Files.createDirectories(dir.resolve(module + "/src/main/java/io/raftkv/raft"));
            Files.writeString(pkg.resolve(module.replace("-", "") + ".java"), "package io.raftkv.raft;\nclass X {}\n");
        }

        List<Violation> violations = Repository.load(dir).violations();

        assertTrue(onlyViolation(violations).problem().contains("declared in the main code of both raft-core and raft-storage"),
                violations.toString());
    }
}
