package io.raftkv.simulator.architecture;

import io.raftkv.simulator.architecture.ArchitectureRules.SourceFile;
import io.raftkv.simulator.architecture.ArchitectureRules.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The repository as source text: its modules, their Java files and the packages each owns. */
final class Repository {
    private static final Pattern MODULES = Pattern.compile("<modules>");
    private static final Pattern MODULE = Pattern.compile("<module>\\s*([^<]+?)\\s*</module>");
    private static final Pattern XML_COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
    private static final Pattern JAVA_PACKAGE = Pattern.compile("option\\s+java_package\\s*=\\s*\"([\\w.]+)\"\\s*;");

    final Path root;
    final List<String> modules;
    final List<SourceFile> sources;

    private Repository(Path root, List<String> modules, List<SourceFile> sources) {
        this.root = root;
        this.modules = modules;
        this.sources = sources;
    }

    /** Reads the repository whose root is the nearest directory, from {@code start} up, with a multi-module pom. */
    static Repository load(Path start) throws IOException {
        Path root = findRoot(start);
        List<String> modules = modules(Files.readString(root.resolve("pom.xml")));
        List<SourceFile> sources = new ArrayList<>();
        for (String module : modules) {
            sources.addAll(javaFiles(root, module));
        }
        return new Repository(root, modules, sources);
    }

    static Path findRoot(Path start) throws IOException {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            if (Files.isRegularFile(pom) && MODULES.matcher(withoutComments(Files.readString(pom))).find()) {
                return dir;
            }
        }
        throw new IllegalStateException("no pom.xml with <modules> in " + start.toAbsolutePath() + " or above");
    }

    static List<String> modules(String pom) {
        List<String> modules = new ArrayList<>();
        Matcher matcher = MODULE.matcher(withoutComments(pom));
        while (matcher.find()) {
            modules.add(matcher.group(1));
        }
        return modules;
    }

    private static String withoutComments(String xml) {
        return XML_COMMENT.matcher(xml).replaceAll("");
    }

    /** Every {@code src/<tree>/java/**.java} of a module: main, test and any other tree. */
    private static List<SourceFile> javaFiles(Path root, String module) throws IOException {
        Path src = root.resolve(module).resolve("src");
        List<SourceFile> files = new ArrayList<>();
        if (!Files.isDirectory(src)) {
            return files;
        }
        for (Path tree : list(src)) {
            Path java = tree.resolve("java");
            if (!Files.isDirectory(java)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(java)) {
                for (Path path : walk.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                    String text = Files.readString(path, StandardCharsets.UTF_8);
                    files.add(new SourceFile(module, tree.getFileName().toString(), root.relativize(path), text));
                }
            }
        }
        return files;
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().toList();
        }
    }

    /** Package name to the modules that declare it in Java sources or generate it from .proto files. */
    Map<String, Set<String>> packageOwners() throws IOException {
        Map<String, Set<String>> owners = new TreeMap<>();
        for (SourceFile file : sources) {
            JavaSource.packageOf(JavaSource.codeOnly(file.text()))
                    .ifPresent(p -> owners.computeIfAbsent(p, k -> new TreeSet<>()).add(file.module()));
        }
        for (String module : modules) {
            for (String generated : protoJavaPackages(root.resolve(module).resolve("src"))) {
                owners.computeIfAbsent(generated, k -> new TreeSet<>()).add(module);
            }
        }
        return owners;
    }

    private static List<String> protoJavaPackages(Path src) throws IOException {
        List<String> packages = new ArrayList<>();
        if (!Files.isDirectory(src)) {
            return packages;
        }
        try (Stream<Path> walk = Files.walk(src)) {
            for (Path proto : walk.filter(p -> p.toString().endsWith(".proto")).sorted().toList()) {
                Matcher matcher = JAVA_PACKAGE.matcher(Files.readString(proto));
                if (matcher.find()) {
                    packages.add(matcher.group(1));
                }
            }
        }
        return packages;
    }

    /** A package in the main code of two modules makes "which module is this" ambiguous: refuse it. */
    List<Violation> splitPackages() {
        Map<String, String> firstModule = new TreeMap<>();
        List<Violation> violations = new ArrayList<>();
        for (SourceFile file : sources) {
            if (!file.isMain()) {
                continue;
            }
            String packageName = JavaSource.packageOf(JavaSource.codeOnly(file.text())).orElse("");
            String module = firstModule.putIfAbsent(packageName, file.module());
            if (module != null && !module.equals(file.module())) {
                violations.add(new Violation(file.path(), 1, "package " + packageName + " is declared in the main code of both "
                        + module + " and " + file.module()));
            }
        }
        return violations;
    }

    List<Violation> violations() {
        try {
            Map<String, Set<String>> owners = packageOwners();
            List<Violation> violations = new ArrayList<>(splitPackages());
            for (SourceFile file : sources) {
                violations.addAll(ArchitectureRules.check(file, owners));
            }
            return violations;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
