package dev.safemigrate.agent;

import dev.safemigrate.agent.bootstrap.SafeMigrateBridge;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Makes sure the advice inlined into a class can reach {@link SafeMigrateBridge}. Most class loaders
 * delegate to the system class loader, which loaded the agent: they see its copy of the bridge. A
 * loader that does not (Gradle's build-script loaders, some plugin systems) gets a second copy defined
 * in the boot loader, wired to the same hook. Only then is the boot class path touched (the JVM prints a
 * warning that class data sharing is limited to boot classes from that point).
 */
final class BridgeAccess {
    private static final String BRIDGE = SafeMigrateBridge.class.getName();

    private final Instrumentation instrumentation;
    private final Function<Object[], Object> hook;
    private final Map<ClassLoader, Boolean> checked = Collections.synchronizedMap(new WeakHashMap<>());
    private volatile boolean inBootLoader;

    BridgeAccess(Instrumentation instrumentation, Function<Object[], Object> hook) {
        this.instrumentation = instrumentation;
        this.hook = hook;
        SafeMigrateBridge.install(hook);
    }

    /** Called before a class of {@code loader} is instrumented. */
    void ensureVisibleFrom(ClassLoader loader) {
        if (inBootLoader || loader == null || checked.containsKey(loader)) {
            return;
        }
        if (!seesOurBridge(loader)) {
            defineInBootLoader();
        }
        checked.put(loader, Boolean.TRUE);
    }

    private static boolean seesOurBridge(ClassLoader loader) {
        try {
            return Class.forName(BRIDGE, false, loader) == SafeMigrateBridge.class;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private synchronized void defineInBootLoader() {
        if (inBootLoader) {
            return;
        }
        try {
            File jar = File.createTempFile("safemigrate-agent-bridge", ".jar");
            jar.deleteOnExit();
            String entry = BRIDGE.replace('.', '/') + ".class";
            try (InputStream in = BridgeAccess.class.getClassLoader().getResourceAsStream(entry);
                 OutputStream file = Files.newOutputStream(jar.toPath());
                 JarOutputStream out = new JarOutputStream(file)) {
                if (in == null) {
                    throw new IOException(entry + " is missing from the agent jar");
                }
                out.putNextEntry(new JarEntry(entry));
                in.transferTo(out);
                out.closeEntry();
            }
            instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar));
            Class.forName(BRIDGE, true, null).getMethod("install", Function.class).invoke(null, hook);
            inBootLoader = true;
        } catch (IOException | ReflectiveOperationException e) {
            throw new IllegalStateException("safemigrate agent: cannot put its bridge on the boot class path: " + e, e);
        }
    }
}
