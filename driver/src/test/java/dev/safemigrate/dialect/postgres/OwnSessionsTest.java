package dev.safemigrate.dialect.postgres;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;

import static org.assertj.core.api.Assertions.assertThat;

/** Our sessions are told by server and pid: the same pid on another server is someone else's. */
class OwnSessionsTest {

    /** A connection that answers only what OwnSessions asks: its URL and whether it is closed. */
    private static Connection connection(String url, boolean[] closed) {
        DatabaseMetaData meta = (DatabaseMetaData) Proxy.newProxyInstance(OwnSessionsTest.class.getClassLoader(),
                new Class<?>[] {DatabaseMetaData.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getURL")) {
                        return url;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return (Connection) Proxy.newProxyInstance(OwnSessionsTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getMetaData" -> meta;
                    case "isClosed" -> closed[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void theSamePidOnAnotherServerIsNotOurs() {
        boolean[] closed = {false};
        Connection ours = connection("jdbc:postgresql://db-a:5432/app?ApplicationName=flyway", closed);
        OwnSessions.Session session = OwnSessions.of(ours, 4242);
        OwnSessions.opened(session, ours);
        try {
            assertThat(OwnSessions.isOwn(new OwnSessions.Session("jdbc:postgresql://db-a:5432/app", 4242)))
                    .as("same server, parameters aside").isTrue();
            assertThat(OwnSessions.isOwn(new OwnSessions.Session("jdbc:postgresql://db-b:5432/app", 4242)))
                    .as("another server's backend with the same pid").isFalse();
            assertThat(OwnSessions.isOwn(new OwnSessions.Session("jdbc:postgresql://db-a:5432/app", 4243))).isFalse();
            closed[0] = true;
            assertThat(OwnSessions.isOwn(session)).as("a closed connection is nobody's").isFalse();
        } finally {
            OwnSessions.closed(session);
        }
        closed[0] = false;
        assertThat(OwnSessions.isOwn(session)).as("forgotten once closed through the driver").isFalse();
    }

    @Test
    void aConnectionWhoseUrlCannotBeReadStillHasAKey() {
        assertThat(OwnSessions.server(null)).isEmpty();
        assertThat(OwnSessions.server("jdbc:postgresql://h/db?x=1&y=2")).isEqualTo("jdbc:postgresql://h/db");
    }
}
