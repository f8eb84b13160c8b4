package dev.safemigrate.rules;

import dev.safemigrate.sql.QualifiedName;

import java.util.Objects;
import java.util.Set;

/**
 * What a MySQL/MariaDB online table copy needs from the statement, read by the rule from its text: the table,
 * the ALTER's actions as written (applied to the shadow table as they are), and what the actions drop, so the
 * engine can tell an intended drop from a column the copy would lose.
 *
 * @param table the table as the statement names it
 * @param actions the ALTER TABLE's actions, byte for byte ({@code ADD CONSTRAINT … CHECK (…), MODIFY …})
 * @param droppedColumns columns a {@code DROP [COLUMN]} action removes, lower-cased
 * @param droppedForeignKeys foreign keys a {@code DROP FOREIGN KEY} action removes, lower-cased
 * @param refusal why the statement cannot be copied online (e.g. it renames a column), or {@code null}
 */
public record OnlineCopyRequest(QualifiedName table, String actions, Set<String> droppedColumns,
                                Set<String> droppedForeignKeys, String refusal) {
    public OnlineCopyRequest {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(actions, "actions");
        droppedColumns = Set.copyOf(droppedColumns);
        droppedForeignKeys = Set.copyOf(droppedForeignKeys);
    }

    /** A statement the online copy cannot take. */
    public static OnlineCopyRequest refused(QualifiedName table, String why) {
        return new OnlineCopyRequest(table, "", Set.of(), Set.of(), Objects.requireNonNull(why, "why"));
    }
}
