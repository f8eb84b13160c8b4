package dev.safemigrate.cli.expand;

import dev.safemigrate.dialect.Catalog.ExpansionFacts;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.Identifiers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether queries still name a renamed column's old name, from {@code pg_stat_statements}: the question to
 * answer before a contract drops the old column, since code still using it would then fail.
 *
 * <p>A query counts when it names the table and the old column as whole words (case-insensitive) and not the
 * new column: statements naming both are the expansion's own (its backfill, its DDL), and DDL is left out.
 * The counts are since the view's last reset, and a user without {@code pg_read_all_stats} sees only its
 * own queries' text.
 */
final class OldNameQueries {
    private static final Pattern REGEX_SPECIAL = Pattern.compile("[\\\\.^$|?*+()\\[\\]{}]");

    private OldNameQueries() {
    }

    /**
     * @param known false when pg_stat_statements cannot tell; {@code note} then says why
     * @param queries distinct normalized statements naming the old column
     * @param calls their executions
     */
    record Usage(boolean known, long queries, long calls, String note) {
        String describe() {
            if (!known) {
                return note;
            }
            return queries == 0 ? "no query in pg_stat_statements names it"
                    : queries + (queries == 1 ? " query" : " queries") + " in pg_stat_statements name it, " + calls
                            + (calls == 1 ? " call" : " calls");
        }
    }

    static Usage of(Connection bare, ExpansionFacts e) throws SQLException {
        String schema = extensionSchema(bare);
        if (schema == null) {
            return new Usage(false, 0, 0, "pg_stat_statements not installed: cannot tell");
        }
        String sql = "SELECT count(*), coalesce(sum(calls), 0) FROM "
                + Identifiers.quote(Dialect.POSTGRESQL, schema, "pg_stat_statements")
                + " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
                + " AND query ~* ? AND query ~* ? AND query !~* ? AND query !~* '^\\s*(alter|create|drop|comment)\\M'";
        try (PreparedStatement ps = bare.prepareStatement(sql)) {
            ps.setString(1, word(e.table()));
            ps.setString(2, word(e.oldName()));
            ps.setString(3, word(e.newName()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Usage(true, rs.getLong(1), rs.getLong(2), null);
            }
        } catch (SQLException unreadable) {
            // e.g. 55000: installed but not in shared_preload_libraries; 42501: no privilege
            return new Usage(false, 0, 0, "pg_stat_statements not readable (" + unreadable.getMessage().strip()
                    + ", SQLSTATE " + unreadable.getSQLState() + "): cannot tell");
        }
    }

    private static String extensionSchema(Connection bare) throws SQLException {
        try (PreparedStatement ps = bare.prepareStatement("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n"
                + " ON n.oid = e.extnamespace WHERE e.extname = 'pg_stat_statements'");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** A PostgreSQL regular expression matching the name as a whole word. */
    static String word(String name) {
        return "\\m" + REGEX_SPECIAL.matcher(name).replaceAll(m -> Matcher.quoteReplacement("\\" + m.group())) + "\\M";
    }
}
