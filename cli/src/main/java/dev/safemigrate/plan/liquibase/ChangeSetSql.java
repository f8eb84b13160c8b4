package dev.safemigrate.plan.liquibase;

import java.util.List;

/**
 * One Liquibase changeset and the SQL Liquibase would send for it.
 *
 * @param file the display path of the file that holds the changeset: the root changelog's display name, or an
 *             included file's path relative to the root changelog's folder (under the display name's folder)
 * @param id the changeset's id
 * @param author the changeset's author
 * @param line the 1-based line where the changeset starts in that file; 1 when it cannot be found
 * @param runInTransaction false when the changeset says {@code runInTransaction="false"}: Liquibase then runs
 *                         its statements outside a transaction, otherwise all of them in one
 * @param statements each SQL statement as Liquibase's generators write it, ending with {@code ;}
 */
public record ChangeSetSql(String file, String id, String author, int line, boolean runInTransaction,
                           List<String> statements) {
    public ChangeSetSql {
        statements = List.copyOf(statements);
    }
}
