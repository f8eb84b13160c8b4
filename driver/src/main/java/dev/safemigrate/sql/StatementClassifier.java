package dev.safemigrate.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL string into statements and classifies each. Pure and thread-safe; never throws on
 * any input: what it does not understand is {@link StatementKind#OTHER}.
 *
 * <p>Three passes, each linear: {@link SqlLexer} finds the significant tokens (skipping strings'
 * insides, comments and whitespace), {@link StatementSplitter} finds each statement's terminating
 * {@code ;}, {@link StatementAnalyzer} looks at the leading keywords of each statement.
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
        TokenList tokens = SqlLexer.lex(sql, dialect);
        StatementAnalyzer analyzer = new StatementAnalyzer(tokens);
        List<SqlStatement> out = new ArrayList<>(4);
        int n = tokens.size();
        int textStart = 0;
        int from = 0;
        while (from < n) {
            int semicolon = StatementSplitter.statementEnd(tokens, from);
            // the statement's text runs to the end of its ';' (or of the input, when there is none),
            // so leading whitespace and comments belong to the statement they precede
            int textEnd = semicolon < n ? tokens.end(semicolon) : sql.length();
            out.add(analyzer.analyze(sql.substring(textStart, textEnd), textStart, from, semicolon));
            textStart = textEnd;
            from = semicolon + 1;
        }
        if (textStart < sql.length()) {
            // whitespace or comments after the last ';' (or an input with no tokens at all)
            out.add(analyzer.analyze(sql.substring(textStart), textStart, n, n));
        }
        return new ParsedSql(sql, out);
    }
}
