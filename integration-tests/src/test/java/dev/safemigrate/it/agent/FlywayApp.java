package dev.safemigrate.it.agent;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.BaseCallback;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * A tool that migrates with Flyway's Java API and its default settings: the plain URL from the
 * environment, the migrations of the folder given as the first argument. Prints how the run ended and
 * whether Flyway's PostgreSQL transactional lock ended up on; a callback (settings otherwise untouched)
 * prints the class of the connection Flyway migrates on. Run in a forked JVM by the agent tests.
 */
public final class FlywayApp {
    private FlywayApp() {
    }

    public static void main(String[] args) {
        Flyway flyway = Flyway.configure()
                .dataSource(System.getenv("APP_URL"), System.getenv("APP_USER"), System.getenv("APP_PASSWORD"))
                .locations("filesystem:" + args[0])
                .callbacks(reportingConnection())
                .load();
        MigrateResult result = flyway.migrate();
        System.out.println("migrationsExecuted=" + result.migrationsExecuted);
        System.out.println("success=" + result.success);
        PostgreSQLConfigurationExtension postgres =
                flyway.getConfiguration().getPluginRegister().getExact(PostgreSQLConfigurationExtension.class);
        System.out.println("transactionalLock=" + (postgres == null ? "n/a" : postgres.isTransactionalLock()));
        System.out.println("done=true");
    }

    /** Prints {@code flywayConnection=<class>} for the connection Flyway migrates on. */
    static Callback reportingConnection() {
        return new BaseCallback() {
            @Override
            public boolean supports(Event event, Context context) {
                return event == Event.BEFORE_MIGRATE;
            }

            @Override
            public void handle(Event event, Context context) {
                System.out.println("flywayConnection=" + context.getConnection().getClass().getName());
            }
        };
    }
}
