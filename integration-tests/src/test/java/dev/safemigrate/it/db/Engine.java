package dev.safemigrate.it.db;

/** The kind of database server a test class runs against. */
public enum Engine {
    /** PostgreSQL. */
    POSTGRESQL,
    /** A MySQL or MariaDB server (reached with either {@code jdbc:mysql:} or {@code jdbc:mariadb:}). */
    MYSQL
}
