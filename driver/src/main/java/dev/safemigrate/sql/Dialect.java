package dev.safemigrate.sql;

/**
 * The SQL dialect a statement is lexed in. MariaDB shares MySQL's lexical rules (backticks, {@code #}
 * comments, backslash escapes, executable comments), so both use {@link #MYSQL}.
 */
public enum Dialect {
    POSTGRESQL,
    MYSQL
}
