package dev.safemigrate.agent;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.function.Supplier;

/**
 * The transformer the JVM calls for every class it defines. It only looks for the names of the two
 * JDBC interfaces in the class file's bytes and hands those few classes to ByteBuddy, which it starts
 * on the first such class: JVM start-up does not pay for ByteBuddy, only the first JDBC class does.
 *
 * <p>A class that implements {@code java.sql.Driver} or {@code javax.sql.DataSource} names it in its
 * constant pool. A subclass that does not (it inherits the interface) is not instrumented, but the
 * {@code connect}/{@code getConnection} of its superclass is, which is where the connection comes from.
 */
final class JdbcClassFilter implements ClassFileTransformer {
    private static final byte[] DRIVER = "java/sql/Driver".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA_SOURCE = "javax/sql/DataSource".getBytes(StandardCharsets.US_ASCII);
    /** The JDK, and our own classes (the driver wraps what it opens; the agent must not instrument itself). */
    private static final String[] IGNORED = {"java/", "javax/", "jdk/", "sun/", "com/sun/", "dev/safemigrate/"};

    private final Supplier<ClassFileTransformer> instrumenter;
    private volatile ClassFileTransformer delegate;

    JdbcClassFilter(Supplier<ClassFileTransformer> instrumenter) {
        this.instrumenter = instrumenter;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) throws IllegalClassFormatException {
        if (loader == null || className == null || ignored(className)
                || !(contains(classfileBuffer, DRIVER) || contains(classfileBuffer, DATA_SOURCE))) {
            return null;
        }
        return delegate().transform(loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
    }

    private ClassFileTransformer delegate() {
        ClassFileTransformer d = delegate;
        if (d == null) {
            synchronized (this) {
                d = delegate;
                if (d == null) {
                    d = instrumenter.get();
                    delegate = d;
                }
            }
        }
        return d;
    }

    private static boolean ignored(String className) {
        for (String prefix : IGNORED) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        byte first = needle[0];
        int last = haystack.length - needle.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
