package dev.safemigrate.it.agent;

import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.ResourceAccessor;

import java.util.Map;

/**
 * A tool that migrates with Liquibase: Liquibase opens the plain URL from the environment itself
 * ({@code DatabaseFactory}, which picks the driver for the URL) and runs the {@code update} command
 * on the class-path changelog given as the first argument. Prints the class of the JDBC connection
 * Liquibase got. Run in a forked JVM by the agent tests.
 */
public final class LiquibaseApp {
    private LiquibaseApp() {
    }

    public static void main(String[] args) throws Exception {
        // This machine has no network: do not let Liquibase look for its analytics configuration.
        System.setProperty("liquibase.analytics.enabled", "false");
        ResourceAccessor resources = new ClassLoaderResourceAccessor();
        Scope.child(Map.of(Scope.Attr.resourceAccessor.name(), resources), () -> {
            Database database = DatabaseFactory.getInstance().openDatabase(System.getenv("APP_URL"),
                    System.getenv("APP_USER"), System.getenv("APP_PASSWORD"), null, resources);
            try {
                System.out.println("liquibaseConnection="
                        + ((JdbcConnection) database.getConnection()).getUnderlyingConnection().getClass().getName());
                new CommandScope(UpdateCommandStep.COMMAND_NAME)
                        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                        .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, args[0])
                        .execute();
            } finally {
                database.close();
            }
        });
        System.out.println("done=true");
    }
}
