package dev.safemigrate.sql.shape;

import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;

import java.util.function.Function;

/** PostgreSQL {@code REFRESH MATERIALIZED VIEW [CONCURRENTLY] name [WITH [NO] DATA]}, to the end; else {@code null}. */
public final class RefreshMaterializedView {
    private static final Function<SqlStatement, RefreshMaterializedView> PARSER = s -> parse(s.tokens());

    private final SqlCursor tokens;
    private final boolean concurrently;
    private final QualifiedName view;
    private final boolean noData;

    private RefreshMaterializedView(SqlCursor tokens, boolean concurrently, QualifiedName view, boolean noData) {
        this.tokens = tokens;
        this.concurrently = concurrently;
        this.view = view;
        this.noData = noData;
    }

    /** The statement's REFRESH MATERIALIZED VIEW shape, parsed once; {@code null} when it is not one. */
    public static RefreshMaterializedView of(SqlStatement statement) {
        return statement.ddlKind() == DdlKind.REFRESH_MATERIALIZED_VIEW ? statement.shape(PARSER) : null;
    }

    static RefreshMaterializedView parse(SqlCursor c) {
        if (!c.isWords(0, "REFRESH", "MATERIALIZED", "VIEW")) {
            return null;
        }
        int i = 3;
        boolean concurrently = c.isWord(i, "CONCURRENTLY");
        if (concurrently) {
            i++;
        }
        if (!c.isName(i)) {
            return null;
        }
        QualifiedName view = c.name(i);
        i = c.nameEnd(i);
        boolean noData = c.isWords(i, "WITH", "NO", "DATA");
        if (noData) {
            i += 3;
        } else if (c.isWords(i, "WITH", "DATA")) {
            i += 2;
        }
        return i == c.sizeWithoutSemicolon() ? new RefreshMaterializedView(c, concurrently, view, noData) : null;
    }

    public boolean concurrently() {
        return concurrently;
    }

    public QualifiedName view() {
        return view;
    }

    /** {@code WITH NO DATA}: empties the view. */
    public boolean noData() {
        return noData;
    }

    /** Offset in the statement's text just after VIEW: where {@code CONCURRENTLY} goes. */
    public int afterViewKeyword() {
        return tokens.end(2);
    }
}
