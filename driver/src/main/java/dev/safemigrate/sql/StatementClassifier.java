package dev.safemigrate.sql;

/**
 * Splits a SQL string into statements and classifies each. Pure and thread-safe; never throws on
 * any input: what it does not understand is {@link StatementKind#OTHER}.
 */
public final class StatementClassifier {
    private final Dialect dialect;

    public StatementClassifier(Dialect dialect) {
        this.dialect = dialect;
    }

    public Dialect dialect() {
        return dialect;
    }

    public ParsedSql parse(String sql) {
        throw new UnsupportedOperationException("lexer not written yet");
    }
}
