package dev.safemigrate.dialect.postgres;

import java.lang.ref.WeakReference;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The PostgreSQL sessions this JVM opened through safemigrate, by server and backend pid. A concurrent
 * index build that waits for one of them waits for ourselves: Flyway, for one, keeps its advisory lock in
 * an open transaction on a second connection for the whole run, and the build would wait forever.
 * Weak references, and a liveness check, so a pid a dead connection left behind is not mistaken for ours.
 *
 * <p>The server is told by the connection's JDBC URL without its parameters (read without a round trip):
 * pids are only unique per server, and a JVM may talk to several. Connections to the same server through
 * different URLs are not matched — the guard then waits, as PostgreSQL would — which is the safe side.
 */
final class OwnSessions {
    private static final Map<Session, WeakReference<Connection>> SESSIONS = new ConcurrentHashMap<>();

    private OwnSessions() {
    }

    /** A backend on one server. */
    record Session(String server, int pid) {
    }

    /** The session {@code raw} is: its server (URL without parameters) and {@code pid}. */
    static Session of(Connection raw, int pid) {
        String url;
        try {
            url = raw.getMetaData().getURL();
        } catch (SQLException | RuntimeException e) {
            url = null;
        }
        return new Session(server(url), pid);
    }

    /** The URL without its parameters (which may differ between two connections to one server), or "". */
    static String server(String url) {
        if (url == null) {
            return "";
        }
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    static void opened(Session session, Connection raw) {
        SESSIONS.put(session, new WeakReference<>(raw));
    }

    static void closed(Session session) {
        SESSIONS.remove(session);
    }

    /** True when {@code session} is a live session of this JVM. */
    static boolean isOwn(Session session) {
        WeakReference<Connection> ref = SESSIONS.get(session);
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
