package dev.safemigrate.agent.bootstrap;

import java.util.function.Function;

/**
 * The one class the agent puts on the boot class path, so that advice inlined into a JDBC driver or a
 * pool loaded by <em>any</em> class loader can reach the agent. It must not mention {@code java.sql}
 * (the boot loader cannot see that module's classes) nor any other class of the agent: everything is
 * {@code Object} here and the hook, loaded by the system class loader, does the real work.
 *
 * <p>Also counts nested {@code connect}/{@code getConnection} calls per thread, so that only the
 * outermost call (a pool's {@code getConnection} around a driver's {@code connect}, a subclass
 * calling {@code super.connect}) wraps its connection.
 */
public final class SafeMigrateBridge {
    /** Arguments: the connection, the driver or data source, its URL (null for a data source), its properties or arguments. */
    private static volatile Function<Object[], Object> hook;
    private static final ThreadLocal<int[]> DEPTH = new ThreadLocal<>();

    private SafeMigrateBridge() {
    }

    public static void install(Function<Object[], Object> connectionHook) {
        hook = connectionHook;
    }

    /** On entry to an instrumented method: true when no instrumented call is already running on this thread. */
    public static boolean enter() {
        int[] depth = DEPTH.get();
        if (depth == null) {
            depth = new int[1];
            DEPTH.set(depth);
        }
        return depth[0]++ == 0;
    }

    /** On every exit of an instrumented method, normal or not. */
    public static void exit() {
        int[] depth = DEPTH.get();
        if (depth != null && depth[0] > 0) {
            depth[0]--;
        }
    }

    /** The connection the application gets: ours around {@code connection}, or {@code connection} itself. */
    public static Object onConnection(Object connection, Object source, String url, Object arguments) {
        Function<Object[], Object> h = hook;
        if (h == null || connection == null) {
            return connection;
        }
        try {
            Object result = h.apply(new Object[] {connection, source, url, arguments});
            return result == null ? connection : result;
        } catch (Throwable t) {
            return connection; // the hook reports its own failures; the application keeps its connection
        }
    }
}
