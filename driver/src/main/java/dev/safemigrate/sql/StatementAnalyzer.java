package dev.safemigrate.sql;

/**
 * Classifies one statement from its tokens by looking at its leading keywords, the way a person
 * skimming a migration would; it is not a parser and never rejects anything: what it does not
 * recognise is {@link StatementKind#OTHER}. One instance is reused for every statement of a
 * {@link StatementClassifier#parse} call; it is not thread-safe.
 */
final class StatementAnalyzer {
    private static final String[] CREATE_MODIFIERS = {
        "TEMP", "TEMPORARY", "UNLOGGED", "GLOBAL", "LOCAL", "UNIQUE", "FULLTEXT", "SPATIAL",
        "ONLINE", "OFFLINE", "RECURSIVE", "TRUSTED", "PROCEDURAL", "CONSTRAINT", "DEFAULT"
    };
    /** Object types whose name directly follows the keyword (after IF [NOT] EXISTS). */
    private static final String[] SIMPLE_OBJECTS = {
        "SCHEMA", "DATABASE", "SEQUENCE", "TYPE", "DOMAIN", "FUNCTION", "PROCEDURE", "EXTENSION",
        "ROLE", "USER", "EVENT", "COLLATION", "AGGREGATE", "CONVERSION", "LANGUAGE", "POLICY",
        "PUBLICATION", "SUBSCRIPTION", "SERVER", "STATISTICS", "TABLESPACE", "RULE", "ROUTINE", "GROUP"
    };
    private static final String[] WITH_MAIN = {"SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "VALUES", "TABLE"};
    private static final String[] QUERY_START = {"SELECT", "WITH", "VALUES", "TABLE"};
    private static final String[] GRANT_OBJECT_TYPES = {
        "ALL", "SCHEMA", "SEQUENCE", "DATABASE", "FUNCTION", "PROCEDURE", "ROUTINE", "LANGUAGE",
        "LARGE", "TABLESPACE", "TYPE", "DOMAIN", "FOREIGN", "PARAMETER"
    };
    private static final String[] VACUUM_OPTIONS = {"FULL", "FREEZE", "VERBOSE", "ANALYZE", "ANALYSE"};
    private static final String[] EXPLAIN_OPTIONS = {"VERBOSE", "EXTENDED", "PARTITIONS", "FORMAT"};

    private final TokenList t;
    private final boolean pg;
    /** Exclusive end of the current statement's tokens (its {@code ;} is not included). */
    private int limit;

    private StatementKind kind;
    private DdlKind ddlKind;
    private DmlKind dmlKind;
    private TransactionKind transactionKind;
    private QualifiedName target;
    private QualifiedName index;
    private boolean hasWhere;
    private boolean hasLimit;
    private boolean hasReturning;
    private boolean concurrently;
    /** Token index just past the last name read by {@link #name}. */
    private int pos;

    StatementAnalyzer(TokenList tokens) {
        this.t = tokens;
        this.pg = tokens.dialect == Dialect.POSTGRESQL;
    }

    /**
     * Classifies tokens {@code [from, to)} (the statement without its {@code ;}); the text and offset come from
     * the caller. The statement keeps a view of its tokens ({@code ;} included) when it is one the rules or the
     * batcher read, so they never lex it again.
     */
    SqlStatement analyze(String text, int start, int from, int to) {
        kind = StatementKind.OTHER;
        ddlKind = null;
        dmlKind = null;
        transactionKind = null;
        target = null;
        index = null;
        hasWhere = hasLimit = hasReturning = concurrently = false;
        limit = to;
        if (from >= to) {
            kind = StatementKind.EMPTY;
        } else {
            statement(from);
        }
        SqlCursor view = keepsTokens() ? new SqlCursor(t, from, Math.min(to + 1, t.size()), text, start) : null;
        return new SqlStatement(text, start, t.dialect, kind, ddlKind, dmlKind, transactionKind, target, index,
                hasWhere, hasLimit, hasReturning, concurrently, view);
    }

    /**
     * DDL and row-changing DML keep their tokens. Queries and INSERT … VALUES do not: nothing on the driver's
     * path reads them again, and a large INSERT kept in a transaction's journal would keep its tokens too.
     */
    private boolean keepsTokens() {
        return kind == StatementKind.DDL || (kind == StatementKind.DML && dmlKind != DmlKind.INSERT_VALUES
                && dmlKind != DmlKind.REPLACE);
    }

    // ---------------------------------------------------------------- token helpers (bounded by limit)

    private boolean w(int i, String upper) {
        return i < limit && t.isWord(i, upper);
    }

    private boolean any(int i, String[] words) {
        return i < limit && t.isAnyWord(i, words);
    }

    private boolean p(int i, char c) {
        return i < limit && t.isPunct(i, c);
    }

    private boolean isName(int i) {
        return i < limit && t.isName(i);
    }

    /** Reads the name at {@code i} (null if there is none) and leaves {@link #pos} after it. */
    private QualifiedName name(int i) {
        if (!isName(i)) {
            pos = i;
            return null;
        }
        pos = Names.end(t, i, limit);
        return Names.read(t, i, pos);
    }

    private int skipIfExists(int i) {
        return w(i, "IF") && w(i + 1, "EXISTS") ? i + 2 : i;
    }

    private int skipIfNotExists(int i) {
        return w(i, "IF") && w(i + 1, "NOT") && w(i + 2, "EXISTS") ? i + 3 : i;
    }

    /** From a {@code (} at {@code i}, the index after its matching {@code )} (or the limit). */
    private int skipParens(int i) {
        int depth = 0;
        for (int j = i; j < limit; j++) {
            if (t.isPunct(j, '(')) {
                depth++;
            } else if (t.isPunct(j, ')') && --depth == 0) {
                return j + 1;
            }
        }
        return limit;
    }

    /** First token in {@code [i, limit)} that is {@code upper} outside parentheses, or -1. */
    private int findTopLevel(int i, String upper) {
        int depth = 0;
        for (int j = i; j < limit; j++) {
            if (t.isPunct(j, '(')) {
                depth++;
            } else if (t.isPunct(j, ')')) {
                if (depth > 0) {
                    depth--;
                }
            } else if (depth == 0 && t.isWord(j, upper)) {
                return j;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- dispatch

    private void statement(int i) {
        if (p(i, '(')) {
            int j = i;
            while (p(j, '(')) {
                j++;
            }
            if (any(j, QUERY_START)) {
                kind = StatementKind.QUERY;
            }
            return;
        }
        if (w(i, "SELECT")) {
            select(i);
        } else if (w(i, "INSERT")) {
            insert(i, false);
        } else if (w(i, "UPDATE")) {
            update(i);
        } else if (w(i, "DELETE")) {
            delete(i);
        } else if (w(i, "WITH")) {
            with(i);
        } else if (w(i, "CREATE")) {
            create(i + 1);
        } else if (w(i, "ALTER")) {
            alter(i + 1);
        } else if (w(i, "DROP")) {
            drop(i + 1);
        } else if (w(i, "SET")) {
            set(i + 1);
        } else if (w(i, "BEGIN")) {
            if (!pg && w(i + 1, "NOT") && w(i + 2, "ATOMIC")) {
                return; // MariaDB anonymous compound statement: OTHER
            }
            transaction(TransactionKind.BEGIN);
        } else if (w(i, "START")) {
            if (w(i + 1, "TRANSACTION")) {
                transaction(TransactionKind.BEGIN);
            }
        } else if (w(i, "COMMIT")) {
            transaction(w(i + 1, "PREPARED") ? TransactionKind.OTHER : TransactionKind.COMMIT);
        } else if (w(i, "END")) {
            if (pg) {
                transaction(TransactionKind.COMMIT);
            }
        } else if (w(i, "ROLLBACK")) {
            rollback(i + 1);
        } else if (w(i, "ABORT")) {
            if (pg) {
                transaction(TransactionKind.ROLLBACK);
            }
        } else if (w(i, "SAVEPOINT")) {
            transaction(TransactionKind.SAVEPOINT);
        } else if (w(i, "RELEASE")) {
            transaction(TransactionKind.RELEASE_SAVEPOINT);
        } else if (w(i, "PREPARE")) {
            if (pg && w(i + 1, "TRANSACTION")) {
                transaction(TransactionKind.OTHER);
            }
        } else if (w(i, "XA")) {
            if (!pg) {
                transaction(TransactionKind.OTHER);
            }
        } else if (w(i, "SHOW") || w(i, "VALUES") || w(i, "TABLE")) {
            kind = StatementKind.QUERY;
        } else if (w(i, "EXPLAIN") || w(i, "DESCRIBE") || w(i, "DESC")) {
            explain(i + 1);
        } else if (w(i, "TRUNCATE")) {
            truncate(i + 1);
        } else if (w(i, "MERGE")) {
            merge(i + 1);
        } else if (w(i, "REPLACE")) {
            if (!pg) {
                replace(i + 1);
            }
        } else if (w(i, "LOCK")) {
            lock(i + 1);
        } else if (w(i, "UNLOCK")) {
            if (!pg) {
                transaction(TransactionKind.OTHER);
            }
        } else if (w(i, "RESET")) {
            if (pg) {
                kind = StatementKind.SET;
            }
        } else if (w(i, "GRANT")) {
            grant(i + 1, DdlKind.GRANT);
        } else if (w(i, "REVOKE")) {
            grant(i + 1, DdlKind.REVOKE);
        } else if (w(i, "ANALYZE") || w(i, "ANALYSE")) {
            analyzeStatement(i + 1);
        } else if (pg) {
            postgresOnly(i);
        } else if (w(i, "RENAME")) {
            rename(i + 1);
        }
    }

    private void postgresOnly(int i) {
        if (w(i, "REINDEX")) {
            reindex(i + 1);
        } else if (w(i, "VACUUM")) {
            ddl(DdlKind.VACUUM);
            int j = i + 1;
            while (true) {
                if (p(j, '(')) {
                    j = skipParens(j);
                } else if (any(j, VACUUM_OPTIONS)) {
                    j++;
                } else {
                    break;
                }
            }
            target = name(j);
        } else if (w(i, "CLUSTER")) {
            cluster(i + 1);
        } else if (w(i, "COMMENT") && w(i + 1, "ON")) {
            comment(i + 2);
        } else if (w(i, "REFRESH") && w(i + 1, "MATERIALIZED") && w(i + 2, "VIEW")) {
            ddl(DdlKind.REFRESH_MATERIALIZED_VIEW);
            int j = i + 3;
            if (w(j, "CONCURRENTLY")) {
                concurrently = true;
                j++;
            }
            target = name(j);
        }
    }

    private void ddl(DdlKind k) {
        kind = StatementKind.DDL;
        ddlKind = k;
    }

    private void transaction(TransactionKind k) {
        kind = StatementKind.TRANSACTION;
        transactionKind = k;
    }

    // ---------------------------------------------------------------- queries

    /** SELECT is a query unless it has a top-level INTO (PG: creates a table; MySQL: variables/files). */
    private void select(int i) {
        kind = findTopLevel(i, "INTO") < 0 ? StatementKind.QUERY : StatementKind.OTHER;
    }

    /** EXPLAIN / DESCRIBE: a query unless ANALYZE makes it run the statement. */
    private void explain(int i) {
        int j = i;
        while (j < limit) {
            if (p(j, '(')) {
                int end = skipParens(j);
                for (int k = j; k < end; k++) {
                    if (t.isWord(k, "ANALYZE") || t.isWord(k, "ANALYSE")) {
                        return; // OTHER
                    }
                }
                j = end;
            } else if (w(j, "ANALYZE") || w(j, "ANALYSE")) {
                return; // OTHER
            } else if (any(j, EXPLAIN_OPTIONS) || p(j, '=') || (j > i && p(j - 1, '=') && isName(j))) {
                j++;
            } else {
                break;
            }
        }
        kind = StatementKind.QUERY;
    }

    /**
     * WITH: the main statement is the first SELECT/INSERT/UPDATE/DELETE/MERGE/VALUES/TABLE outside
     * the CTE bodies (not in a CTE-name position), or a parenthesised query right after a CTE body.
     */
    private void with(int i) {
        int depth = 0;
        for (int j = i + 1; j < limit; j++) {
            if (t.isPunct(j, '(')) {
                if (depth == 0 && t.isPunct(j - 1, ')')) {
                    kind = StatementKind.QUERY;
                    return;
                }
                depth++;
            } else if (t.isPunct(j, ')')) {
                if (depth > 0) {
                    depth--;
                }
            } else if (depth == 0 && any(j, WITH_MAIN)
                    && !t.isPunct(j - 1, ',') && !t.isWord(j - 1, "WITH") && !t.isWord(j - 1, "RECURSIVE")) {
                if (t.isWord(j, "SELECT")) {
                    select(j);
                } else if (t.isWord(j, "INSERT")) {
                    insert(j, false);
                } else if (t.isWord(j, "UPDATE")) {
                    update(j);
                } else if (t.isWord(j, "DELETE")) {
                    delete(j);
                } else if (t.isWord(j, "MERGE")) {
                    merge(j + 1);
                } else {
                    kind = StatementKind.QUERY;
                }
                return;
            }
        }
    }

    // ---------------------------------------------------------------- DML

    private void dml(DmlKind k, int from) {
        kind = StatementKind.DML;
        dmlKind = k;
        int depth = 0;
        for (int j = from; j < limit; j++) {
            if (t.isPunct(j, '(')) {
                depth++;
            } else if (t.isPunct(j, ')')) {
                if (depth > 0) {
                    depth--;
                }
            } else if (depth == 0 && t.type(j) == TokenList.WORD) {
                if (t.isWord(j, "WHERE")) {
                    hasWhere = true;
                } else if (t.isWord(j, "LIMIT")) {
                    hasLimit = true;
                } else if (t.isWord(j, "RETURNING")) {
                    hasReturning = true;
                }
            }
        }
    }

    /** INSERT and MySQL REPLACE: target, then VALUES vs SELECT source. */
    private void insert(int i, boolean isReplace) {
        int j = i + 1;
        while (w(j, "LOW_PRIORITY") || w(j, "DELAYED") || w(j, "HIGH_PRIORITY") || w(j, "IGNORE")) {
            j++;
        }
        if (w(j, "INTO")) {
            j++;
        }
        target = name(j);
        j = pos;
        if (w(j, "AS") && isName(j + 1)) { // PG: INSERT INTO t AS alias
            j += 2;
        }
        if (w(j, "PARTITION") && p(j + 1, '(')) { // MySQL
            j = skipParens(j + 1);
        }
        DmlKind source = DmlKind.INSERT_VALUES;
        while (j < limit) {
            if (p(j, '(')) {
                int k = j;
                while (p(k, '(')) {
                    k++;
                }
                if (w(k, "SELECT") || w(k, "WITH") || w(k, "TABLE")) {
                    source = DmlKind.INSERT_SELECT;
                    break;
                }
                if (w(k, "VALUES")) {
                    break;
                }
                j = skipParens(j); // column list
            } else if (w(j, "OVERRIDING")) {
                j += 3;
            } else {
                if (w(j, "SELECT") || w(j, "WITH") || w(j, "TABLE")) {
                    source = DmlKind.INSERT_SELECT;
                }
                break;
            }
        }
        dml(isReplace ? DmlKind.REPLACE : source, i);
    }

    private void replace(int i) {
        insert(i - 1, true);
    }

    private void update(int i) {
        int j = i + 1;
        while (w(j, "LOW_PRIORITY") || w(j, "IGNORE") || w(j, "ONLY")) {
            j++;
        }
        target = name(j);
        dml(DmlKind.UPDATE, i);
    }

    private void delete(int i) {
        int j = i + 1;
        while (w(j, "LOW_PRIORITY") || w(j, "QUICK") || w(j, "IGNORE")) {
            j++;
        }
        if (w(j, "FROM")) {
            j++;
        }
        if (w(j, "ONLY")) {
            j++;
        }
        target = name(j); // MySQL multi-table DELETE t1 FROM t1 JOIN …: the first table named
        dml(DmlKind.DELETE, i);
    }

    private void merge(int i) {
        int j = i;
        if (w(j, "INTO")) {
            j++;
        }
        if (w(j, "ONLY")) {
            j++;
        }
        target = name(j);
        dml(DmlKind.MERGE, i - 1);
    }

    // ---------------------------------------------------------------- DDL

    private void create(int i) {
        kind = StatementKind.DDL;
        int j = i;
        while (j < limit) {
            int next = pg ? j : MySqlCreatePrefix.skip(t, j, limit);
            if (w(next, "OR") && w(next + 1, "REPLACE")) {
                next += 2;
            }
            if (any(next, CREATE_MODIFIERS)) {
                next++;
            }
            if (next == j) {
                break;
            }
            j = next;
        }
        if (w(j, "TABLE")) {
            ddl(DdlKind.CREATE_TABLE);
            target = name(skipIfNotExists(j + 1));
        } else if (w(j, "INDEX")) {
            ddl(DdlKind.CREATE_INDEX);
            int k = j + 1;
            if (w(k, "CONCURRENTLY")) {
                concurrently = true;
                k++;
            }
            k = skipIfNotExists(k);
            if (!w(k, "ON") && !w(k, "USING")) {
                index = name(k);
                k = pos;
            }
            if (w(k, "USING")) { // MySQL: CREATE INDEX i USING BTREE ON t
                k += 2;
            }
            if (w(k, "ON")) {
                k++;
                if (w(k, "ONLY")) {
                    k++;
                }
                target = name(k);
            }
        } else if (w(j, "VIEW")) {
            ddl(DdlKind.CREATE_VIEW);
            target = name(skipIfNotExists(j + 1));
        } else if (w(j, "MATERIALIZED") && w(j + 1, "VIEW")) {
            ddl(DdlKind.CREATE_MATERIALIZED_VIEW);
            target = name(skipIfNotExists(j + 2));
        } else if (w(j, "TRIGGER")) {
            ddl(DdlKind.CREATE_TRIGGER);
            target = triggerTable(skipIfNotExists(j + 1));
        } else {
            ddl(DdlKind.CREATE_OTHER);
            target = otherObjectName(j, true);
        }
    }

    /** {@code name … ON table}: the table a trigger is defined on. */
    private QualifiedName triggerTable(int i) {
        if (isName(i)) {
            name(i);
            int on = findTopLevel(pos, "ON");
            if (on >= 0) {
                return name(on + 1);
            }
        }
        return null;
    }

    /** The name after an object keyword such as SCHEMA or SEQUENCE, else null. */
    private QualifiedName otherObjectName(int i, boolean creating) {
        int j;
        if (pg && w(i, "EVENT") && w(i + 1, "TRIGGER")) {
            j = i + 2;
        } else if (w(i, "FOREIGN") && w(i + 1, "TABLE")) {
            j = i + 2;
        } else if (any(i, SIMPLE_OBJECTS)) {
            j = i + 1;
        } else {
            return null;
        }
        j = creating ? skipIfNotExists(j) : skipIfExists(j);
        if (w(j, "AUTHORIZATION")) {
            return null;
        }
        return name(j);
    }

    private void alter(int i) {
        kind = StatementKind.DDL;
        int j = i;
        while (w(j, "ONLINE") || w(j, "OFFLINE") || w(j, "IGNORE")) { // MySQL ALTER [ONLINE] [IGNORE] TABLE
            j++;
        }
        if (!pg) {
            j = MySqlCreatePrefix.skip(t, j, limit); // ALTER DEFINER=… VIEW
        }
        if (w(j, "TABLE")) {
            ddl(DdlKind.ALTER_TABLE);
            int k = skipIfExists(j + 1);
            if (w(k, "ONLY")) {
                k++;
            }
            if (!(w(k, "ALL") && w(k + 1, "IN"))) {
                target = name(k);
            }
        } else if (w(j, "INDEX")) {
            ddl(DdlKind.ALTER_INDEX);
            int k = skipIfExists(j + 1);
            if (!(w(k, "ALL") && w(k + 1, "IN"))) {
                index = name(k);
            }
        } else {
            ddl(DdlKind.ALTER_OTHER);
            if (w(j, "VIEW")) {
                target = name(skipIfExists(j + 1));
            } else if (w(j, "MATERIALIZED") && w(j + 1, "VIEW")) {
                target = name(skipIfExists(j + 2));
            } else {
                target = otherObjectName(j, false);
            }
        }
    }

    private void drop(int i) {
        kind = StatementKind.DDL;
        int j = i;
        if (w(j, "TEMPORARY")) { // MySQL DROP TEMPORARY TABLE
            j++;
        }
        if (w(j, "TABLE")) {
            ddl(DdlKind.DROP_TABLE);
            target = name(skipIfExists(j + 1));
        } else if (w(j, "INDEX")) {
            ddl(DdlKind.DROP_INDEX);
            int k = j + 1;
            if (w(k, "CONCURRENTLY")) {
                concurrently = true;
                k++;
            }
            while (w(k, "ONLINE") || w(k, "OFFLINE")) {
                k++;
            }
            index = name(skipIfExists(k));
            if (w(pos, "ON")) { // MySQL DROP INDEX i ON t
                target = name(pos + 1);
            }
        } else if (w(j, "VIEW")) {
            ddl(DdlKind.DROP_VIEW);
            target = name(skipIfExists(j + 1));
        } else if (w(j, "MATERIALIZED") && w(j + 1, "VIEW")) {
            ddl(DdlKind.DROP_VIEW);
            target = name(skipIfExists(j + 2));
        } else if (w(j, "TRIGGER")) {
            ddl(DdlKind.DROP_TRIGGER);
            int k = skipIfExists(j + 1);
            if (isName(k)) {
                name(k);
                if (w(pos, "ON")) { // PostgreSQL DROP TRIGGER x ON t; MySQL names no table
                    target = name(pos + 1);
                }
            }
        } else {
            ddl(DdlKind.DROP_OTHER);
            target = otherObjectName(j, false);
        }
    }

    private void truncate(int i) {
        ddl(DdlKind.TRUNCATE);
        target = nameAfterTableOnly(i);
    }

    /** The name in {@code [TABLE] [ONLY] name}, as TRUNCATE and LOCK write it. */
    private QualifiedName nameAfterTableOnly(int i) {
        int j = i;
        if (w(j, "TABLE")) {
            j++;
        }
        if (w(j, "ONLY")) {
            j++;
        }
        return name(j);
    }

    /** MySQL RENAME TABLE a TO b; RENAME USER is an account change (ALTER_OTHER). */
    private void rename(int i) {
        if (w(i, "TABLE") || w(i, "TABLES")) {
            ddl(DdlKind.RENAME_TABLE);
            target = name(i + 1);
        } else if (w(i, "USER")) {
            ddl(DdlKind.ALTER_OTHER);
        }
    }

    private void reindex(int i) {
        ddl(DdlKind.REINDEX);
        int j = i;
        if (p(j, '(')) {
            j = skipParens(j);
        }
        boolean isIndex = w(j, "INDEX");
        if (isIndex || w(j, "TABLE") || w(j, "SCHEMA") || w(j, "DATABASE") || w(j, "SYSTEM")) {
            j++;
        }
        if (w(j, "CONCURRENTLY")) {
            concurrently = true;
            j++;
        }
        QualifiedName n = name(j);
        if (isIndex) {
            index = n;
        } else {
            target = n;
        }
    }

    private void cluster(int i) {
        ddl(DdlKind.CLUSTER);
        int j = i;
        while (w(j, "VERBOSE") || p(j, '(')) {
            j = p(j, '(') ? skipParens(j) : j + 1;
        }
        target = name(j);
        if (w(pos, "ON")) { // pre-8.3 syntax CLUSTER index ON table
            target = name(pos + 1);
        }
    }

    /** COMMENT ON TABLE t / COLUMN t.c (target t) / VIEW v …; other objects: no target. */
    private void comment(int i) {
        ddl(DdlKind.COMMENT);
        if (w(i, "TABLE") || w(i, "VIEW")) {
            target = name(i + 1);
        } else if ((w(i, "MATERIALIZED") && w(i + 1, "VIEW")) || (w(i, "FOREIGN") && w(i + 1, "TABLE"))) {
            target = name(i + 2);
        } else if (w(i, "COLUMN") && isName(i + 1)) {
            int end = Names.end(t, i + 1, limit);
            if (end - 2 > i + 1) { // drop the column part
                target = Names.read(t, i + 1, end - 2);
            }
        }
    }

    /** GRANT/REVOKE; target only for {@code ON [TABLE] name}. */
    private void grant(int i, DdlKind k) {
        ddl(k);
        int on = findTopLevel(i, "ON");
        if (on < 0) {
            return;
        }
        int j = on + 1;
        if (w(j, "TABLE")) {
            j++;
        } else if (any(j, GRANT_OBJECT_TYPES)) {
            return;
        }
        QualifiedName n = name(j);
        if (n != null && !p(pos, '.')) { // MySQL db.* is not a table
            target = n;
        }
    }

    /** PostgreSQL LOCK [TABLE] is DDL-like; MySQL LOCK TABLES is transaction control. */
    private void lock(int i) {
        if (!pg) {
            transaction(TransactionKind.OTHER);
            return;
        }
        ddl(DdlKind.LOCK_TABLE);
        target = nameAfterTableOnly(i);
    }

    private void analyzeStatement(int i) {
        int j = i;
        if (pg) {
            ddl(DdlKind.ANALYZE);
            while (w(j, "VERBOSE") || p(j, '(')) {
                j = p(j, '(') ? skipParens(j) : j + 1;
            }
            target = name(j);
            return;
        }
        if (w(j, "NO_WRITE_TO_BINLOG") || w(j, "LOCAL")) {
            j++;
        }
        if (w(j, "TABLE") || w(j, "TABLES")) {
            ddl(DdlKind.ANALYZE);
            target = name(j + 1);
        }
        // MariaDB ANALYZE SELECT … runs the statement: OTHER
    }

    // ---------------------------------------------------------------- transactions and settings

    private void rollback(int i) {
        int j = i;
        if (w(j, "PREPARED")) {
            transaction(TransactionKind.OTHER);
            return;
        }
        if (w(j, "WORK") || w(j, "TRANSACTION")) {
            j++;
        }
        transaction(w(j, "TO") ? TransactionKind.ROLLBACK_TO_SAVEPOINT : TransactionKind.ROLLBACK);
    }

    private void set(int i) {
        int j = i;
        if (w(j, "SESSION") && w(j + 1, "CHARACTERISTICS")) {
            transaction(TransactionKind.OTHER);
            return;
        }
        if (w(j, "SESSION") || w(j, "LOCAL") || w(j, "GLOBAL") || w(j, "PERSIST") || w(j, "PERSIST_ONLY")) {
            j++;
        }
        if (w(j, "TRANSACTION")) {
            transaction(TransactionKind.OTHER);
            return;
        }
        if (!pg && w(i, "PASSWORD")) {
            return; // OTHER: an account change, not a session setting
        }
        if (!pg && w(i, "STATEMENT")) {
            // MariaDB SET STATEMENT var=value[, …] FOR <statement>: classify the statement it runs
            int forAt = findTopLevel(i + 1, "FOR");
            if (forAt > 0) {
                statement(forAt + 1);
            }
            return;
        }
        kind = StatementKind.SET;
    }
}
