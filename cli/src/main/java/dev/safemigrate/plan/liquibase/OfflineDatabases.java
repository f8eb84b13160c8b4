package dev.safemigrate.plan.liquibase;

import dev.safemigrate.plan.PlanInputException;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.exception.DatabaseException;
import liquibase.resource.ResourceAccessor;

import java.util.Locale;

/**
 * Liquibase's own database of a dialect behind an offline connection: its SQL generators write the statements
 * for that database without a server, the way {@code liquibase update-sql --url offline:…} does.
 */
final class OfflineDatabases {
    private OfflineDatabases() {
    }

    static Database open(String dialect, ResourceAccessor resources) throws PlanInputException {
        String name = dialect == null ? "" : dialect.toLowerCase(Locale.ROOT);
        if (!name.equals("postgresql") && !name.equals("mysql") && !name.equals("mariadb")) {
            throw new PlanInputException("cannot read Liquibase changelogs for the dialect '" + dialect
                    + "': use postgresql, mysql or mariadb");
        }
        try {
            return DatabaseFactory.getInstance().openDatabase("offline:" + name, null, null, null, resources);
        } catch (DatabaseException e) {
            throw new PlanInputException("Liquibase cannot open an offline " + name + " database: " + e.getMessage());
        }
    }
}
