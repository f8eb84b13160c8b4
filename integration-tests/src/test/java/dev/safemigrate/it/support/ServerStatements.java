package dev.safemigrate.it.support;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.TestDatabase;

import java.sql.SQLException;
import java.util.List;

/**
 * The statements the server received while this is open, on either engine: an event trigger that records DDL
 * ({@link DdlProbe}, PostgreSQL) or the general log of the test's database ({@link GeneralLog}, MySQL/MariaDB:
 * every statement, DDL and DML).
 */
public final class ServerStatements implements AutoCloseable {
    private final DdlProbe probe;
    private final GeneralLog log;
    private final String database;

    private ServerStatements(DdlProbe probe, GeneralLog log, String database) {
        this.probe = probe;
        this.log = log;
        this.database = database;
    }

    public static ServerStatements start(Engine engine, TestDatabase db) throws SQLException {
        return switch (engine) {
            case POSTGRESQL -> new ServerStatements(DdlProbe.install(db), null, null);
            case MYSQL -> new ServerStatements(null, GeneralLog.start(db), db.schema());
        };
    }

    /** PostgreSQL: the DDL received so far; MySQL/MariaDB: every statement on the test's database. */
    public List<String> statements() throws SQLException {
        return probe != null ? probe.statements() : log.statementsOnDatabase(database);
    }

    @Override
    public void close() throws SQLException {
        if (probe != null) {
            probe.close();
        } else {
            log.close();
        }
    }
}
