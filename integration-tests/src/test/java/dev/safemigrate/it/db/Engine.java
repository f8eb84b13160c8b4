package dev.safemigrate.it.db;

/**
 * The kind of database server a test class runs against (see {@link RealDatabase}), or one run of an
 * {@link EngineTest}; with the bits of SQL that say the same thing differently on each.
 */
public enum Engine {
    /** PostgreSQL. */
    POSTGRESQL,
    /** A MySQL or MariaDB server (reached with either {@code jdbc:mysql:} or {@code jdbc:mariadb:}). */
    MYSQL;

    /** A query whose one value is the server's id of the session that runs it (PostgreSQL backend pid, MySQL connection id). */
    public String sessionIdSql() {
        return switch (this) {
            case POSTGRESQL -> "SELECT pg_backend_pid()::text";
            case MYSQL -> "SELECT CONNECTION_ID()";
        };
    }

    /** A statement that keeps its session running for {@code seconds}, e.g. {@code SELECT pg_sleep(2)}. */
    public String sleepSql(int seconds) {
        return switch (this) {
            case POSTGRESQL -> "SELECT pg_sleep(" + seconds + ")";
            case MYSQL -> "SELECT SLEEP(" + seconds + ")";
        };
    }
}
