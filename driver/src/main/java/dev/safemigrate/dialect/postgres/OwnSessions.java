package dev.safemigrate.dialect.postgres;

import java.lang.ref.WeakReference;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Backend pids of the PostgreSQL sessions this JVM opened through safemigrate. A concurrent index
 * build that waits for one of them waits for ourselves: Flyway, for one, keeps its advisory lock in
 * an open transaction on a second connection for the whole run, and the build would wait forever.
 * Weak references, and a liveness check, so a pid a dead connection left behind is not mistaken for ours.
 */
final class OwnSessions {
    private static final Map<Integer, WeakReference<Connection>> PIDS = new ConcurrentHashMap<>();

    private OwnSessions() {
    }

    static void opened(int pid, Connection raw) {
        PIDS.put(pid, new WeakReference<>(raw));
    }

    static void closed(int pid) {
        PIDS.remove(pid);
    }

    /** True when {@code pid} is a live session of this JVM. */
    static boolean isOwn(int pid) {
        WeakReference<Connection> ref = PIDS.get(pid);
        Connection c = ref == null ? null : ref.get();
        if (c == null) {
            return false;
        }
        try {
            return !c.isClosed();
        } catch (SQLException e) {
            return false;
        }
    }
}
