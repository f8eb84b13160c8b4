package dev.safemigrate.sql.shape;

import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * An UPDATE, DELETE or INSERT … SELECT that changes one table's rows independently of each other: one table
 * (INSERT … SELECT: read from one other table), no RETURNING, LIMIT, ORDER BY, joins (UPDATE … FROM, DELETE …
 * USING, multi-table MySQL forms), CTEs, window functions, subqueries that read the table being changed,
 * DISTINCT or grouping in INSERT … SELECT, {@code WHERE CURRENT OF}. The batching engine runs such a statement
 * on key ranges ({@code execution.batch.BulkDml}); {@code plan} reports whether it would.
 *
 * <p>{@link #of} gives the shape, or the reason (in words a log line can show) the statement is not one;
 * {@link #head()}, {@link #condition()} and {@link #tail()} are its text around the WHERE condition.
 */
public final class BulkDml {
    private static final Function<SqlStatement, Analysis> PARSER = s -> parse(s.tokens());

    public enum Kind { UPDATE, DELETE, INSERT_SELECT }

    private final Kind kind;
    private final QualifiedName target;
    private final QualifiedName keyTable;
    private final String keyQualifier;
    private final String head;
    private final String condition;
    private final String tail;
    private final Set<String> assignedColumns;
    private final Set<String> functions;
    private final Set<String> conditionNames;

    private BulkDml(Kind kind, QualifiedName target, QualifiedName keyTable, String keyQualifier, String head,
                          String condition, String tail, Set<String> assignedColumns, Set<String> functions,
                          Set<String> conditionNames) {
        this.kind = kind;
        this.target = target;
        this.keyTable = keyTable;
        this.keyQualifier = keyQualifier;
        this.head = head;
        this.condition = condition;
        this.tail = tail;
        this.assignedColumns = Collections.unmodifiableSet(assignedColumns);
        this.functions = Collections.unmodifiableSet(functions);
        this.conditionNames = Collections.unmodifiableSet(conditionNames);
    }

    /** Folded identifiers in the WHERE condition (column names among them), for a statistics check. */
    public Set<String> conditionNames() {
        return conditionNames;
    }

    /** The outcome of {@link #parse}: the shape, or why the statement is not one. */
    public record Analysis(BulkDml statement, String reason) {
        public static Analysis no(String reason) {
            return new Analysis(null, reason);
        }
    }

    public Kind kind() {
        return kind;
    }

    /** The table the statement changes. */
    public QualifiedName target() {
        return target;
    }

    /** The table whose primary key the batches walk: the target, or INSERT … SELECT's source. */
    public QualifiedName keyTable() {
        return keyTable;
    }

    /** How key columns are qualified in the statement: its alias for the key table, or the name as written. */
    public String keyQualifier() {
        return keyQualifier;
    }

    /** Columns an UPDATE assigns (folded); empty otherwise. */
    public Set<String> assignedColumns() {
        return assignedColumns;
    }

    /** Names of the functions INSERT … SELECT's SELECT calls (folded), e.g. for an aggregate check; else empty. */
    public Set<String> functions() {
        return functions;
    }

    /** The text before the WHERE condition (the whole statement when it has none), trailing space stripped. */
    public String head() {
        return head;
    }

    /** The WHERE condition as written, or {@code null} when there is none. */
    public String condition() {
        return condition;
    }

    /** What follows the condition ({@code " ON CONFLICT …"}), with a leading space; usually empty. */
    public String tail() {
        return tail;
    }

    /** The statement's shape, or why it is not one; parsed once. */
    public static Analysis of(SqlStatement statement) {
        return statement.shape(PARSER);
    }

    /** Recognises the statement in {@code c}, or says why it is not this shape. */
    public static Analysis parse(SqlCursor c) {
        Dialect dialect = c.dialect();
        int end = c.sizeWithoutSemicolon();
        if (c.isWord(0, "WITH")) {
            return Analysis.no("it starts with a WITH clause");
        }
        for (int k = 0; k < end; k++) {
            if (c.isWord(k, "RETURNING")) {
                return Analysis.no("it has a RETURNING clause");
            }
            if (c.isWord(k, "OVER")) {
                return Analysis.no("it uses a window function");
            }
        }
        int textEnd = end == 0 ? 0 : c.end(end - 1);
        if (c.isWord(0, "UPDATE")) {
            return update(c, end, textEnd, dialect);
        }
        if (c.isWord(0, "DELETE")) {
            return delete(c, end, textEnd, dialect);
        }
        if (c.isWord(0, "INSERT")) {
            return insertSelect(c, end, textEnd, dialect);
        }
        return Analysis.no("it is not an UPDATE, DELETE or INSERT … SELECT");
    }

    private static Analysis update(SqlCursor c, int end, int textEnd, Dialect dialect) {
        int i = 1;
        while (c.isWord(i, "LOW_PRIORITY") || c.isWord(i, "IGNORE") || c.isWord(i, "ONLY")) {
            i++;
        }
        if (!c.isName(i)) {
            return Analysis.no("its table could not be read");
        }
        TableRef ref = tableRef(c, i, "SET");
        QualifiedName table = ref.table();
        String qualifier = ref.qualifier();
        i = ref.next();
        if (!c.isWord(i, "SET")) {
            return Analysis.no("it changes several tables or joins");
        }
        int set = i + 1;
        int where = -1;
        int depth = 0;
        for (int k = set; k < end; k++) {
            if (c.isPunct(k, '(')) {
                depth++;
            } else if (c.isPunct(k, ')')) {
                depth--;
            } else if (depth == 0) {
                if (c.isWord(k, "FROM")) {
                    return Analysis.no("it joins other tables (UPDATE … FROM)");
                }
                if (c.isWord(k, "ORDER") || c.isWord(k, "LIMIT")) {
                    return Analysis.no("it has ORDER BY or LIMIT");
                }
                if (c.isWord(k, "WHERE") && where < 0) {
                    where = k;
                }
            }
        }
        if (where >= 0 && c.isWords(where + 1, "CURRENT", "OF")) {
            return Analysis.no("it updates WHERE CURRENT OF a cursor");
        }
        String selfRead = readsTable(c, set, end, table);
        if (selfRead != null) {
            return Analysis.no(selfRead);
        }
        Set<String> assigned = assignedColumns(c, set, where < 0 ? end : where);
        return built(Kind.UPDATE, table, table, qualifier, c, where, end, textEnd, assigned, Set.of());
    }

    private static Analysis delete(SqlCursor c, int end, int textEnd, Dialect dialect) {
        int i = 1;
        while (c.isWord(i, "LOW_PRIORITY") || c.isWord(i, "QUICK") || c.isWord(i, "IGNORE")) {
            i++;
        }
        if (!c.isWord(i, "FROM")) {
            return Analysis.no("it deletes from several tables");
        }
        i++;
        if (c.isWord(i, "ONLY")) {
            i++;
        }
        if (!c.isName(i)) {
            return Analysis.no("its table could not be read");
        }
        TableRef ref = tableRef(c, i, "WHERE", "USING", "PARTITION", "ORDER", "LIMIT");
        QualifiedName table = ref.table();
        String qualifier = ref.qualifier();
        i = ref.next();
        int where = -1;
        if (i < end) {
            if (c.isWord(i, "ORDER") || c.isWord(i, "LIMIT")) {
                return Analysis.no("it has ORDER BY or LIMIT");
            }
            if (!c.isWord(i, "WHERE")) {
                return Analysis.no("it joins other tables or names partitions (" + c.text(i) + ")");
            }
            where = i;
            int depth = 0;
            for (int k = i; k < end; k++) {
                if (c.isPunct(k, '(')) {
                    depth++;
                } else if (c.isPunct(k, ')')) {
                    depth--;
                } else if (depth == 0 && (c.isWord(k, "ORDER") || c.isWord(k, "LIMIT"))) {
                    return Analysis.no("it has ORDER BY or LIMIT");
                }
            }
            if (c.isWords(where + 1, "CURRENT", "OF")) {
                return Analysis.no("it deletes WHERE CURRENT OF a cursor");
            }
        }
        String selfRead = readsTable(c, i, end, table);
        if (selfRead != null) {
            return Analysis.no(selfRead);
        }
        return built(Kind.DELETE, table, table, qualifier, c, where, end, textEnd, Set.of(), Set.of());
    }

    private static Analysis insertSelect(SqlCursor c, int end, int textEnd, Dialect dialect) {
        int i = 1;
        while (c.isWord(i, "LOW_PRIORITY") || c.isWord(i, "HIGH_PRIORITY") || c.isWord(i, "IGNORE")) {
            i++;
        }
        if (c.isWord(i, "INTO")) {
            i++;
        }
        if (!c.isName(i)) {
            return Analysis.no("its table could not be read");
        }
        QualifiedName target = c.name(i);
        i = c.nameEnd(i);
        if (c.isWord(i, "AS") && dialect == Dialect.POSTGRESQL) {
            i += 2;
        }
        if (c.isPunct(i, '(')) {
            i = c.closingParen(i) + 1;
            if (i == 0) {
                return Analysis.no("its column list could not be read");
            }
        }
        if (!c.isWord(i, "SELECT")) {
            return Analysis.no("its rows do not come from a plain SELECT");
        }
        int select = i + 1;
        if (c.isWord(select, "DISTINCT") || c.isWord(select, "DISTINCTROW")) {
            return Analysis.no("its SELECT is DISTINCT");
        }
        int from = -1;
        int where = -1;
        int stop = end;
        int depth = 0;
        for (int k = select; k < end; k++) {
            if (c.isPunct(k, '(')) {
                depth++;
            } else if (c.isPunct(k, ')')) {
                depth--;
            } else if (depth == 0) {
                if (c.isWord(k, "FROM") && from < 0) {
                    from = k;
                } else if (c.isWord(k, "WHERE") && where < 0 && from >= 0) {
                    where = k;
                } else if (c.isWord(k, "ON") && (c.isWord(k + 1, "CONFLICT") || c.isWord(k + 1, "DUPLICATE"))) {
                    stop = k;
                    break;
                } else if (c.isWord(k, "GROUP") || c.isWord(k, "HAVING") || c.isWord(k, "ORDER") || c.isWord(k, "LIMIT")
                        || c.isWord(k, "OFFSET") || c.isWord(k, "FETCH") || c.isWord(k, "UNION") || c.isWord(k, "INTERSECT")
                        || c.isWord(k, "EXCEPT") || c.isWord(k, "WINDOW") || c.isWord(k, "JOIN") || c.isWord(k, "FOR")) {
                    return Analysis.no("its SELECT has " + c.text(k).toUpperCase(Locale.ROOT));
                }
            }
        }
        if (from < 0 || !c.isName(from + 1)) {
            return Analysis.no("its SELECT reads no table");
        }
        TableRef ref = tableRef(c, from + 1, "WHERE", "ON");
        QualifiedName source = ref.table();
        String qualifier = ref.qualifier();
        if (ref.next() != (where < 0 ? stop : where)) {
            return Analysis.no("its SELECT reads more than one table");
        }
        if (sameTable(source, target)) {
            return Analysis.no("it reads the table it inserts into");
        }
        String selfRead = readsTable(c, select, end, target);
        if (selfRead != null) {
            return Analysis.no(selfRead);
        }
        Set<String> functions = functionNames(c, select, stop);
        return built(Kind.INSERT_SELECT, target, source, qualifier, c, where, stop, textEnd, Set.of(), functions);
    }

    /** Head up to WHERE (or to the end of the condition's span), the condition, and what follows it. */
    private static Analysis built(Kind kind, QualifiedName target, QualifiedName keyTable, String qualifier,
                                  SqlCursor c, int where, int stop, int textEnd, Set<String> assigned,
                                  Set<String> functions) {
        String sql = c.sql();
        int conditionEnd = stop < c.sizeWithoutSemicolon() ? c.start(stop) : textEnd;
        String head;
        String condition = null;
        if (where >= 0) {
            head = sql.substring(0, c.start(where)).stripTrailing();
            condition = sql.substring(c.end(where), conditionEnd).strip();
        } else {
            head = sql.substring(0, conditionEnd).stripTrailing();
        }
        String tail = stop < c.sizeWithoutSemicolon() ? " " + sql.substring(c.start(stop), textEnd) : "";
        Set<String> conditionNames = new LinkedHashSet<>();
        for (int k = where + 1; where >= 0 && k < stop; k++) {
            if (c.isName(k) && !c.isString(k) && !c.isPunct(c.nameEnd(k), '(')) {
                conditionNames.add(c.name(k).name());
                k = c.nameEnd(k) - 1;
            }
        }
        return new Analysis(new BulkDml(kind, target, keyTable, qualifier, head, condition, tail, assigned,
                functions, conditionNames), null);
    }

    /** A table reference {@code name [[AS] alias]}: the table, how the statement qualifies its columns, the next token. */
    private record TableRef(QualifiedName table, String qualifier, int next) {
    }

    /** Reads {@code name [[AS] alias]} at token {@code i}; a word in {@code notAliases} ends it instead. */
    private static TableRef tableRef(SqlCursor c, int i, String... notAliases) {
        QualifiedName table = c.name(i);
        int afterName = c.nameEnd(i);
        String qualifier = c.sql().substring(c.start(i), c.end(afterName - 1));
        int k = afterName;
        if (c.isWord(k, "AS")) {
            k++;
        }
        if (c.isName(k) && !c.isString(k)) {
            for (String word : notAliases) {
                if (c.isWord(k, word)) {
                    return new TableRef(table, qualifier, k);
                }
            }
            return new TableRef(table, c.text(k), k + 1);
        }
        return new TableRef(table, qualifier, k);
    }

    /** Why the statement reads {@code table} in a subquery (FROM/JOIN inside parentheses), or null. */
    private static String readsTable(SqlCursor c, int from, int end, QualifiedName table) {
        int depth = 0;
        for (int k = from; k < end; k++) {
            if (c.isPunct(k, '(')) {
                depth++;
            } else if (c.isPunct(k, ')')) {
                depth--;
            } else if (depth > 0 && (c.isWord(k, "FROM") || c.isWord(k, "JOIN")) && c.isName(k + 1)
                    && sameTable(c.name(k + 1), table)) {
                return "a subquery reads the table it changes (later batches would see earlier batches' changes)";
            }
        }
        return null;
    }

    private static boolean sameTable(QualifiedName a, QualifiedName b) {
        return a.name().equals(b.name()) && (a.schema() == null || b.schema() == null || a.schema().equals(b.schema()));
    }

    /** Columns on the left of top-level {@code =} in a SET list: {@code a = …}, {@code t.a = …}, {@code (a, b) = …}. */
    private static Set<String> assignedColumns(SqlCursor c, int from, int to) {
        Set<String> columns = new LinkedHashSet<>();
        boolean expectTarget = true;
        int depth = 0;
        for (int k = from; k < to; k++) {
            if (expectTarget) {
                if (c.isPunct(k, '(')) {
                    int close = c.closingParen(k);
                    if (close < 0) {
                        break; // unbalanced: the server rejects it (found by SqlFuzzTest: it looped forever)
                    }
                    for (int j = k + 1; j < close; j++) {
                        if (c.isName(j)) {
                            columns.add(c.name(j).name());
                            j = c.nameEnd(j) - 1;
                        }
                    }
                    k = close;
                } else if (c.isName(k)) {
                    columns.add(c.name(k).name());
                    k = c.nameEnd(k) - 1;
                }
                expectTarget = false;
                continue;
            }
            if (c.isPunct(k, '(')) {
                depth++;
            } else if (c.isPunct(k, ')')) {
                depth--;
            } else if (depth == 0 && c.isPunct(k, ',')) {
                expectTarget = true;
            }
        }
        return columns;
    }

    /** Folded names of the words directly followed by {@code (}. */
    private static Set<String> functionNames(SqlCursor c, int from, int to) {
        Set<String> names = new LinkedHashSet<>();
        for (int k = from; k + 1 < to; k++) {
            if (c.isName(k) && c.isPunct(k + 1, '(')) {
                names.add(c.name(k).name().toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }
}
