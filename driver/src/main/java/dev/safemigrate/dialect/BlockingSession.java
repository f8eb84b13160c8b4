package dev.safemigrate.dialect;

import dev.safemigrate.observe.LogText;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.LogMasking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Another session that holds (or probably holds) the lock a DDL statement waited for. Shown in logs
 * and error messages so the operator knows whom to wait for or end.
 *
 * @param id backend pid (PostgreSQL) or connection id (MySQL)
 * @param user database user
 * @param application application name, if the server knows one
 * @param state e.g. {@code idle in transaction}
 * @param transactionAge how long its transaction has been open, or {@code null} when unknown
 * @param query its current or last query, shortened, its literals masked
 * @param lockMode the lock it holds, when known
 */
public record BlockingSession(long id, String user, String application, String state, Duration transactionAge,
                              String query, String lockMode) {

    /**
     * The rows of a blocker lookup, every dialect's in the same seven columns: id, user, application, state,
     * transaction age in seconds (NULL when unknown), query, lock mode. The query's literals are masked
     * ({@link LogMasking#literalsMasked}): they can be another application's bind values.
     */
    public static List<BlockingSession> readAll(ResultSet rs, Dialect dialect) throws SQLException {
        List<BlockingSession> result = new ArrayList<>();
        while (rs.next()) {
            double seconds = rs.getDouble(5);
            Duration age = rs.wasNull() ? null : Duration.ofMillis((long) (seconds * 1000));
            result.add(new BlockingSession(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), age,
                    LogText.shorten(LogMasking.literalsMasked(rs.getString(6), dialect)), rs.getString(7)));
        }
        return result;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("session ").append(id);
        if (user != null) {
            sb.append(" (user ").append(user);
            if (application != null && !application.isEmpty()) {
                sb.append(", application ").append(application);
            }
            sb.append(')');
        }
        if (state != null && !state.isEmpty()) {
            sb.append(", state '").append(state).append('\'');
        }
        if (transactionAge != null) {
            sb.append(", transaction open ").append(formatAge(transactionAge));
        }
        if (lockMode != null) {
            sb.append(", holding ").append(lockMode);
        }
        if (query != null && !query.isEmpty()) {
            sb.append(", query: ").append(query);
        }
        return sb.toString();
    }

    private static String formatAge(Duration d) {
        long ms = d.toMillis();
        return ms < 10_000 ? String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0) : (ms / 1000) + " s";
    }
}
