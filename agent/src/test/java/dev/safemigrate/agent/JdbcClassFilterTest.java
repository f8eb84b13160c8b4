package dev.safemigrate.agent;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.ClassFileTransformer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transformer the JVM calls for every class: which class files it hands to ByteBuddy (those that
 * name {@code java/sql/Driver} or {@code javax/sql/DataSource}), shown on class files compiled here and
 * on real ones (the JDK's, pgjdbc's); and that ByteBuddy is built only for the first of them, once.
 */
class JdbcClassFilterTest {
    private static final byte[] HANDED_ON = {42};
    private static final ClassLoader APP = JdbcClassFilterTest.class.getClassLoader();

    /** Stands in for {@link Instrumenter}: counts how often it is built and which classes reach it. */
    private static final class Recorder implements Supplier<ClassFileTransformer> {
        final AtomicInteger created = new AtomicInteger();
        final List<String> seen = new ArrayList<>();

        @Override
        public ClassFileTransformer get() {
            created.incrementAndGet();
            return new ClassFileTransformer() {
                @Override
                public byte[] transform(ClassLoader loader, String className, Class<?> redefined,
                                        ProtectionDomain domain, byte[] bytes) {
                    synchronized (seen) {
                        seen.add(className);
                    }
                    return HANDED_ON;
                }
            };
        }
    }

    private final Recorder recorder = new Recorder();
    private final JdbcClassFilter filter = new JdbcClassFilter(recorder);

    private byte[] offer(ClassLoader loader, String className, byte[] bytes) throws Exception {
        return filter.transform(loader, className, null, null, bytes);
    }

    // --- class files compiled here ------------------------------------------------------------------

    private static final Map<String, byte[]> COMPILED = compile(Map.of(
            "com.acme.jdbc.AcmeDriver", """
                    package com.acme.jdbc;
                    public abstract class AcmeDriver implements java.sql.Driver {
                    }""",
            "com.acme.jdbc.AcmeDataSource", """
                    package com.acme.jdbc;
                    public abstract class AcmeDataSource implements javax.sql.DataSource {
                    }""",
            "com.acme.jdbc.TunedDriver", """
                    package com.acme.jdbc;
                    /** Inherits the interface without naming it. */
                    public abstract class TunedDriver extends AcmeDriver {
                        public int tuning() { return 1; }
                    }""",
            "com.acme.app.Unrelated", """
                    package com.acme.app;
                    public class Unrelated implements Runnable {
                        public void run() { System.out.println("no JDBC here"); }
                    }""",
            "com.acme.app.Main", """
                    package com.acme.app;
                    public class Main {
                        public static void main(String[] args) throws Exception {
                            java.sql.DriverManager.getConnection(args[0]).close();
                        }
                    }"""));

    @Test
    void aClassImplementingDriverIsHandedOn() throws Exception {
        assertThat(offer(APP, "com/acme/jdbc/AcmeDriver", COMPILED.get("com.acme.jdbc.AcmeDriver"))).isSameAs(HANDED_ON);
        assertThat(recorder.seen).containsExactly("com/acme/jdbc/AcmeDriver");
    }

    @Test
    void aClassImplementingDataSourceIsHandedOn() throws Exception {
        assertThat(offer(APP, "com/acme/jdbc/AcmeDataSource", COMPILED.get("com.acme.jdbc.AcmeDataSource")))
                .isSameAs(HANDED_ON);
    }

    @Test
    void anUnrelatedClassIsNotAndByteBuddyIsNotBuiltForIt() throws Exception {
        assertThat(offer(APP, "com/acme/app/Unrelated", COMPILED.get("com.acme.app.Unrelated"))).isNull();
        assertThat(recorder.created).hasValue(0);
    }

    @Test
    void aSubclassThatDoesNotNameTheInterfaceIsNotHandedOn() throws Exception {
        // Documented limitation (docs/agent.md): its inherited connect() is instrumented in the superclass.
        assertThat(offer(APP, "com/acme/jdbc/TunedDriver", COMPILED.get("com.acme.jdbc.TunedDriver"))).isNull();
    }

    @Test
    void aClassThatOnlyUsesDriverManagerIsHandedOnTooTheSearchIsAPreFilter() throws Exception {
        // "java/sql/DriverManager" contains "java/sql/Driver": ByteBuddy's type matcher then leaves the class alone.
        assertThat(offer(APP, "com/acme/app/Main", COMPILED.get("com.acme.app.Main"))).isSameAs(HANDED_ON);
    }

    // --- real class files ---------------------------------------------------------------------------

    @Test
    void theJdksOwnJdbcClassesAreIgnoredThoughTheyNameTheInterfaces() throws Exception {
        // java.sql and java.sql.rowset are defined to the platform class loader, so the loader is not null here.
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        for (String jdkClass : List.of("java/sql/DriverManager", "java/sql/SQLException",
                "com/sun/rowset/JdbcRowSetImpl")) {
            byte[] bytes = classFile(jdkClass);
            assertThat(JdbcClassFilter.contains(bytes, ascii("java/sql/Driver"))
                    || JdbcClassFilter.contains(bytes, ascii("javax/sql/DataSource"))).as("%s names them", jdkClass).isTrue();
            assertThat(offer(platform, jdkClass, bytes)).as(jdkClass).isNull();
        }
        assertThat(recorder.created).hasValue(0);
    }

    @Test
    void bootClassesAreIgnored() throws Exception {
        assertThat(offer(null, "com/acme/jdbc/AcmeDriver", COMPILED.get("com.acme.jdbc.AcmeDriver"))).isNull();
        assertThat(recorder.created).hasValue(0);
    }

    @Test
    void safemigratesOwnClassesAreIgnored() throws Exception {
        // The driver wraps what it opens itself; the agent must not instrument its own classes.
        byte[] ourDriver = classFile("dev/safemigrate/jdbc/SafeMigrateDriver");
        assertThat(JdbcClassFilter.contains(ourDriver, ascii("java/sql/Driver"))).isTrue();
        assertThat(offer(APP, "dev/safemigrate/jdbc/SafeMigrateDriver", ourDriver)).isNull();
        assertThat(recorder.created).hasValue(0);
    }

    @Test
    void pgjdbcsDriverAndDataSourcesAreHandedOn() throws Exception {
        for (String pgjdbc : List.of("org/postgresql/Driver", "org/postgresql/ds/PGSimpleDataSource")) {
            assertThat(offer(APP, pgjdbc, classFile(pgjdbc))).as(pgjdbc).isSameAs(HANDED_ON);
        }
    }

    @Test
    void aClassWithoutANameIsIgnored() throws Exception {
        // Hidden classes and lambdas' anonymous classes come without one.
        assertThat(offer(APP, null, COMPILED.get("com.acme.jdbc.AcmeDriver"))).isNull();
    }

    // --- the delegate -------------------------------------------------------------------------------

    @Test
    void byteBuddyIsBuiltOnTheFirstJdbcClassAndOnlyOnce() throws Exception {
        assertThat(recorder.created).as("not at start").hasValue(0);
        offer(APP, "com/acme/app/Unrelated", COMPILED.get("com.acme.app.Unrelated"));
        assertThat(recorder.created).hasValue(0);

        offer(APP, "com/acme/jdbc/AcmeDriver", COMPILED.get("com.acme.jdbc.AcmeDriver"));
        assertThat(recorder.created).hasValue(1);
        offer(APP, "com/acme/jdbc/AcmeDataSource", COMPILED.get("com.acme.jdbc.AcmeDataSource"));
        offer(APP, "org/postgresql/Driver", classFile("org/postgresql/Driver"));
        assertThat(recorder.created).hasValue(1);
        assertThat(recorder.seen).containsExactly("com/acme/jdbc/AcmeDriver", "com/acme/jdbc/AcmeDataSource",
                "org/postgresql/Driver");
    }

    @Test
    void classesLoadedInParallelBuildItOnce() throws Exception {
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> loaders = new ArrayList<>();
        byte[] driver = COMPILED.get("com.acme.jdbc.AcmeDriver");
        for (int i = 0; i < threads; i++) {
            String name = "com/acme/jdbc/AcmeDriver" + i;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    offer(APP, name, driver);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            t.start();
            loaders.add(t);
        }
        start.countDown();
        for (Thread t : loaders) {
            t.join();
        }
        assertThat(recorder.created).hasValue(1);
        assertThat(recorder.seen).hasSize(threads);
    }

    // --- the byte search ----------------------------------------------------------------------------

    @Test
    void theByteSearchFindsTheNeedleAnywhereAndOnlyWhole() {
        byte[] needle = ascii("java/sql/Driver");
        assertThat(JdbcClassFilter.contains(ascii("java/sql/Driver"), needle)).isTrue();
        assertThat(JdbcClassFilter.contains(ascii("xxjava/sql/Driver"), needle)).as("at the end").isTrue();
        assertThat(JdbcClassFilter.contains(ascii("java/sql/Driverxx"), needle)).as("at the start").isTrue();
        assertThat(JdbcClassFilter.contains(ascii("jjava/sql/java/sql/Driver;"), needle)).as("after a false start").isTrue();
        assertThat(JdbcClassFilter.contains(ascii("java/sql/Drive"), needle)).as("shorter").isFalse();
        assertThat(JdbcClassFilter.contains(ascii("java/sql/Drivez"), needle)).isFalse();
        assertThat(JdbcClassFilter.contains(ascii("java.sql.Driver"), needle)).as("dots are not slashes").isFalse();
        assertThat(JdbcClassFilter.contains(new byte[0], needle)).isFalse();
    }

    // --- helpers ------------------------------------------------------------------------------------

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A class file as the JVM would hand it over, from the JDK's modules or the test class path. */
    private static byte[] classFile(String internalName) throws IOException {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(internalName + ".class")) {
            assertThat(in).as(internalName + ".class").isNotNull();
            return in.readAllBytes();
        }
    }

    /** Compiles the sources in memory and returns each class file by binary name. */
    private static Map<String, byte[]> compile(Map<String, String> sources) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        Map<String, ByteArrayOutputStream> out = new HashMap<>();
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, code) -> units.add(new SimpleJavaFileObject(
                URI.create("string:///" + name.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return code;
            }
        }));
        StandardJavaFileManager standard = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8);
        JavaFileManager inMemory = new ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                       FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + ".class"), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return out.computeIfAbsent(className, k -> new ByteArrayOutputStream());
                    }
                };
            }
        };
        if (!compiler.getTask(null, inMemory, null, List.of("--release", "17"), null, units).call()) {
            throw new IllegalStateException("test sources do not compile");
        }
        Map<String, byte[]> classes = new HashMap<>();
        out.forEach((name, bytes) -> classes.put(name, bytes.toByteArray()));
        assertThat(classes.keySet()).containsAll(sources.keySet());
        return classes;
    }
}
