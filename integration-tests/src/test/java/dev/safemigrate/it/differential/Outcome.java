package dev.safemigrate.it.differential;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What one step returned to the caller: every result in order (update counts, result sets as text), or
 * the SQLSTATE it failed with. Two sides agree on a step when their outcomes' {@link #text()} are equal.
 */
public record Outcome(String text, SQLException error) {

    /** Whether the step failed. */
    public boolean failed() {
        return error != null;
    }

    /** Runs {@code step} on {@code connection} and reads everything it returned. */
    static Outcome run(Connection connection, Step step) {
        try {
            switch (step.kind()) {
                case BEGIN -> connection.setAutoCommit(false);
                case COMMIT -> connection.commit();
                case ROLLBACK -> connection.rollback();
                case AUTOCOMMIT -> connection.setAutoCommit(true);
                case UPDATE -> {
                    try (Statement s = connection.createStatement()) {
                        return new Outcome("count " + s.executeLargeUpdate(step.sql()), null);
                    }
                }
                case EXECUTE -> {
                    try (Statement s = connection.createStatement()) {
                        return new Outcome(results(s, s.execute(step.sql())), null);
                    }
                }
                case PREPARED -> {
                    try (PreparedStatement s = connection.prepareStatement(step.sql())) {
                        for (int i = 0; i < step.binds().size(); i++) {
                            s.setObject(i + 1, step.binds().get(i));
                        }
                        return new Outcome(results(s, s.execute()), null);
                    }
                }
            }
            return new Outcome("ok", null);
        } catch (SQLException e) {
            return new Outcome("error " + e.getSQLState(), e);
        }
    }

    /** Every result of an execute, in order, the way a caller that reads them all would see them. */
    private static String results(Statement s, boolean isResultSet) throws SQLException {
        List<String> results = new ArrayList<>();
        boolean rs = isResultSet;
        for (int guard = 0; guard < 1000; guard++) {
            if (rs) {
                StringBuilder rows = new StringBuilder("rows[");
                try (ResultSet r = s.getResultSet()) {
                    int columns = r.getMetaData().getColumnCount();
                    while (r.next()) {
                        for (int k = 1; k <= columns; k++) {
                            rows.append(r.getString(k)).append(k < columns ? "|" : ";");
                        }
                    }
                }
                results.add(rows.append(']').toString());
            } else {
                long count = s.getLargeUpdateCount();
                if (count == -1) {
                    break;
                }
                results.add("count " + count);
            }
            rs = s.getMoreResults();
        }
        return String.join(", ", results);
    }
}
