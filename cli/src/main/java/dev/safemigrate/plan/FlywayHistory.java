package dev.safemigrate.plan;

import dev.safemigrate.sql.Dialect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * What Flyway's schema history table ({@code flyway_schema_history}) says is applied, read over plan's
 * read-only connection, so that {@code plan --url} plans only the pending migrations: a versioned migration
 * is applied when a successful row has its version, or when a baseline row has that version or a later one;
 * a repeatable one is applied when the latest row of its description has the file's checksum (Flyway re-runs
 * it when the checksum changes). Failed rows (MySQL, where DDL is not transactional) count as pending.
 */
public final class FlywayHistory {
    private final String table;
    private final boolean exists;
    private final List<List<BigInteger>> applied = new ArrayList<>();
    private List<BigInteger> baseline;
    /** description → checksum of the latest row. */
    private final Map<String, Integer> repeatables = new HashMap<>();

    private FlywayHistory(String table, boolean exists) {
        this.table = table;
        this.exists = exists;
    }

    /**
     * @param table the history table, {@code name} or {@code schema.name} (Flyway's {@code flyway.table}, in
     *     Flyway's default schema unless qualified)
     */
    public static FlywayHistory read(Connection c, Dialect dialect, String table) throws SQLException {
        int dot = table.indexOf('.');
        String schema = dot < 0 ? null : table.substring(0, dot);
        String name = dot < 0 ? table : table.substring(dot + 1);
        String quoted = HistoryTable.find(c, dialect, schema, name, false);
        if (quoted == null) {
            return new FlywayHistory(table, false);
        }
        FlywayHistory history = new FlywayHistory(table, true);
        try (PreparedStatement ps = c.prepareStatement("SELECT version, description, type, checksum, success FROM "
                + quoted + " ORDER BY installed_rank"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                history.row(rs.getString(1), rs.getString(2), rs.getString(3), (Integer) rs.getObject(4),
                        rs.getBoolean(5));
            }
        }
        return history;
    }

    private void row(String version, String description, String type, Integer checksum, boolean success) {
        if (!success) {
            return;
        }
        if (version == null) {
            if (description != null && checksum != null) {
                repeatables.put(description, checksum);
            }
            return;
        }
        List<BigInteger> parts = MigrationFile.parseVersion(version);
        if (parts == null) {
            return;
        }
        if ("BASELINE".equals(type)) {
            baseline = parts;
        } else {
            applied.add(parts);
        }
    }

    boolean exists() {
        return exists;
    }

    String table() {
        return table;
    }

    /** True when Flyway would not run this file again. */
    boolean applied(MigrationFile file, String rawText) {
        return switch (file.kind()) {
            case VERSIONED -> (baseline != null && MigrationFile.compareVersions(file.version(), baseline) <= 0)
                    || applied.stream().anyMatch(v -> MigrationFile.compareVersions(v, file.version()) == 0);
            case REPEATABLE -> {
                Integer last = repeatables.get(file.description().replace('_', ' '));
                yield last != null && last == checksum(rawText);
            }
            case PLAIN -> false;
        };
    }

    /**
     * Flyway's checksum of a migration: CRC-32 of the UTF-8 bytes of each line without its line end (so line
     * ends do not matter), a byte order mark removed, of the text before placeholders are replaced.
     */
    static int checksum(String text) {
        CRC32 crc = new CRC32();
        try (BufferedReader lines = new BufferedReader(new StringReader(text))) {
            String line;
            boolean first = true;
            while ((line = lines.readLine()) != null) {
                if (first && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                first = false;
                crc.update(line.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("reading a string", e);
        }
        return (int) crc.getValue();
    }
}
