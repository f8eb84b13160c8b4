package dev.safemigrate.it.support;

import dev.safemigrate.it.audit.LogAudit;
import dev.safemigrate.jdbc.SafeMigrateDriver;
import dev.safemigrate.spring.SafeMigrateAutoConfiguration;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Runs the sample projects of {@code src/test/sample-projects} as a user would, {@code mvn <goal> -D…} in a
 * copy of the project, with the Maven that runs this build and its local repository (offline when the
 * build is). The samples take the driver as a plugin dependency (the Spring Boot sample: the starter as a
 * dependency); both come from a file repository made here out of what this build has just compiled, under a
 * release version of their own ({@code 0.0.0-it-<random>}): nothing is installed, no snapshot metadata is
 * needed, and {@link #close()} deletes the copies Maven keeps in the local repository, so no later run can pick
 * up a stale driver.
 *
 * <p>The build passes what this needs as {@code samples.*} system properties (integration-tests/pom.xml).
 */
public final class MavenSamples implements AutoCloseable {
    private static final long TIMEOUT_MINUTES = 5;
    private static final String[] ARTIFACTS = {"safemigrate-driver", "safemigrate-spring-boot"};

    private final Path repository;
    private final Path localRepository;
    private final String driverVersion;

    /** A finished Maven run: its exit code and everything it printed. */
    public record Run(int exitCode, String output) {
    }

    private MavenSamples(Path repository, Path localRepository, String driverVersion) {
        this.repository = repository;
        this.localRepository = localRepository;
        this.driverVersion = driverVersion;
    }

    /** A file repository under {@code dir} holding the driver and the Spring Boot starter of this build. */
    public static MavenSamples create(Path dir) throws IOException {
        String version = "0.0.0-it-" + UUID.randomUUID().toString().substring(0, 8);
        Path repository = dir.resolve("repository");
        deploy(repository, "safemigrate-driver", version, jarOf(SafeMigrateDriver.class, dir), driverPom(version));
        deploy(repository, "safemigrate-spring-boot", version, jarOf(SafeMigrateAutoConfiguration.class, dir),
                starterPom(version));
        return new MavenSamples(repository, Path.of(property("samples.maven.repoLocal")), version);
    }

    private static void deploy(Path repository, String artifactId, String version, Path jar, String pom)
            throws IOException {
        Path artifact = repository.resolve("dev/safemigrate/" + artifactId + "/" + version);
        Files.createDirectories(artifact);
        String base = artifactId + "-" + version;
        withSha1(Files.copy(jar, artifact.resolve(base + ".jar")));
        withSha1(Files.writeString(artifact.resolve(base + ".pom"), pom));
    }

    /** The sample project {@code name} in the source tree (read it, do not change it: {@link #copy}). */
    public static Path source(String name) {
        return Path.of(property("samples.dir"), name);
    }

    /** Copies the sample project {@code name} into {@code target}; returns {@code target}. */
    public Path copy(String name, Path target) throws IOException {
        return copyTree(source(name), target);
    }

    /** Copies the folder {@code source} with everything in it to {@code target}; returns {@code target}. */
    public static Path copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path to = target.resolve(source.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        return target;
    }

    /**
     * Runs {@code mvn -B} in {@code project} with the sample's version properties and then {@code args}
     * (goals and {@code -D} options); the output goes to a file next to the project and is returned.
     */
    public Run run(Path project, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(property("samples.maven.home"), "bin", "mvn").toString(),
                "-B", "-ntp", "-Dmaven.repo.local=" + localRepository));
        if (Boolean.parseBoolean(property("samples.maven.offline"))) {
            // offline Maven refuses every remote repository, even a file: one, unless told otherwise
            command.addAll(List.of("-o", "-Daether.offline.protocols=file"));
        }
        command.addAll(List.of("-Dsafemigrate-it.repo=" + repository.toUri(),
                "-Dsafemigrate-driver.version=" + driverVersion,
                "-Dpostgresql.version=" + property("samples.version.postgresql"),
                "-Dmariadb.version=" + property("samples.version.mariadb"),
                "-Dflyway-maven-plugin.version=" + property("samples.version.flywayMavenPlugin"),
                "-Dliquibase-maven-plugin.version=" + property("samples.version.liquibase")));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(project.getParent(), "mvn-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home")); // the JDK the tests run on
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            throw new AssertionError("mvn " + String.join(" ", args) + " did not finish within " + TIMEOUT_MINUTES
                    + " minutes; its output:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        LogAudit.observe(output); // the driver's logs in Maven's JVM: no password there either
        return new Run(process.exitValue(), output);
    }

    /** Removes the driver and starter Maven copied into the local repository (this class's version only). */
    @Override
    public void close() throws IOException {
        for (String artifactId : ARTIFACTS) {
            Path cached = localRepository.resolve("dev/safemigrate/" + artifactId + "/" + driverVersion);
            if (Files.exists(cached)) {
                try (Stream<Path> files = Files.walk(cached)) {
                    for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(f);
                    }
                }
            }
        }
    }

    /**
     * The jar of this build holding {@code type} (the driver's, the starter's); with {@code mvn test} the class
     * path has the module's classes folder, which is packed here.
     */
    private static Path jarOf(Class<?> type, Path dir) throws IOException {
        Path built;
        try {
            built = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        if (Files.isRegularFile(built)) {
            return built;
        }
        Path jar = dir.resolve(type.getSimpleName() + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(built)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(built.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    /** What the published pom says a user gets with the driver: its runtime dependencies (driver/pom.xml). */
    private static String driverPom(String version) {
        return """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>dev.safemigrate</groupId>
                  <artifactId>safemigrate-driver</artifactId>
                  <version>%s</version>
                  <dependencies>
                    %s
                    %s
                    %s
                  </dependencies>
                </project>
                """.formatted(version,
                dependency("com.github.ben-manes.caffeine", "caffeine", property("samples.version.caffeine")),
                dependency("io.micrometer", "micrometer-core", property("samples.version.micrometer")),
                dependency("org.slf4j", "slf4j-api", property("samples.version.slf4j")));
    }

    /**
     * The starter's published dependencies (spring-boot/pom.xml): the driver of the same version and Boot's
     * auto-configuration; Flyway, Liquibase and Micrometer are optional there, the application brings them.
     */
    private static String starterPom(String version) {
        return """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>dev.safemigrate</groupId>
                  <artifactId>safemigrate-spring-boot</artifactId>
                  <version>%s</version>
                  <dependencies>
                    %s
                    %s
                  </dependencies>
                </project>
                """.formatted(version, dependency("dev.safemigrate", "safemigrate-driver", version),
                dependency("org.springframework.boot", "spring-boot-autoconfigure", property("samples.version.springBoot")));
    }

    private static String dependency(String groupId, String artifactId, String version) {
        return "<dependency><groupId>" + groupId + "</groupId><artifactId>" + artifactId + "</artifactId><version>"
                + version + "</version></dependency>";
    }

    /** Checksums beside the file, as every repository has them (Maven warns without). */
    private static void withSha1(Path file) throws IOException {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(file));
            Files.writeString(file.resolveSibling(file.getFileName() + ".sha1"), HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run the test through Maven"
                    + " (integration-tests/pom.xml passes it to the test JVM)");
        }
        return value;
    }
}
