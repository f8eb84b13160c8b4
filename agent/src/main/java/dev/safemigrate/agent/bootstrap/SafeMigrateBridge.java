package dev.safemigrate.agent.bootstrap;

import java.util.function.Function;

/**
 * The one class the agent puts on the boot class path, so that advice inlined into a JDBC driver or a
 * pool loaded by <em>any</em> class loader can reach the agent. It must not mention {@code java.sql}
 * (the boot loader cannot see that module's classes) nor any other class of the agent: everything is
 * {@code Object} here and the hook, loaded by the system class loader, does the real work.
 *
 * <p>Also follows nested {@code connect}/{@code getConnection} calls per thread (a pool's
 * {@code getConnection} that opens a connection through its driver's {@code connect}, a subclass calling
 * {@code super.connect}, a data source going through {@code DriverManager}). The innermost call that
 * makes its connection ours wins: the calls around it return what it built on, so they pass their
 * connection through untouched. A pool that opens its physical connection inside its own
 * {@code getConnection} (Hikari started lazily, pools that open on demand) thus keeps our connection
 * behind its proxy, as one that opens it on a thread of its own does.
 */
public final class SafeMigrateBridge {
    /**
     * Arguments: the connection, the driver or data source, its URL (null for a data source), its
     * properties or arguments, and {@code Boolean.TRUE} when the call runs inside another instrumented one.
     */
    private static volatile Function<Object[], Object> hook;
    /**
     * Per thread: [0] how many instrumented calls are running; [1] bit {@code d} set when a call nested
     * in the running call at depth {@code d} made its connection ours.
     */
    private static final ThreadLocal<int[]> STATE = new ThreadLocal<>();

    private SafeMigrateBridge() {
    }

    public static void install(Function<Object[], Object> connectionHook) {
        hook = connectionHook;
    }

    /** On entry to an instrumented method. */
    public static void enter() {
        int[] state = STATE.get();
        if (state == null) {
            state = new int[2];
            STATE.set(state);
        }
        int depth = state[0]++;
        if (depth < Integer.SIZE) {
            state[1] &= ~(1 << depth); // a new call at this depth: nothing inside it has run yet
        }
    }

    /** On every exit of an instrumented method, normal or not, before {@link #onConnection}. */
    public static void exit() {
        int[] state = STATE.get();
        if (state != null && state[0] > 0) {
            state[0]--;
        }
    }

    /** The connection the application gets: ours around {@code connection}, or {@code connection} itself. */
    public static Object onConnection(Object connection, Object source, String url, Object arguments) {
        Function<Object[], Object> h = hook;
        if (h == null || connection == null) {
            return connection;
        }
        int[] state = STATE.get();
        int depth = state == null ? 0 : state[0]; // calls still running around this one
        if (state != null && depth < Integer.SIZE && (state[1] & (1 << depth)) != 0) {
            return connection; // a call inside this one made its connection ours; this one is built on it
        }
        try {
            Object result = h.apply(new Object[] {connection, source, url, arguments, depth > 0});
            if (result == null || result == connection) {
                return connection;
            }
            if (state != null) {
                state[1] |= depth >= Integer.SIZE ? -1 : (1 << depth) - 1; // every call around this one
            }
            return result;
        } catch (Throwable t) {
            return connection; // the hook reports its own failures; the application keeps its connection
        }
    }
}
