package dev.safemigrate.it.support;

import dev.safemigrate.cli.Main;
import dev.safemigrate.it.db.TestDatabase;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code plan --url … --format json} run in-process against a test database, as a user runs it. */
public final class PlanCli {
    private PlanCli() {
    }

    /** The JSON report of {@code plan} over {@code path}; it must exit 0 and print nothing on stderr. */
    public static String planJson(TestDatabase db, Path path, String... extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("plan", "--url", db.bareUrl(), "--user", db.user(),
                "--password", db.password(), "--format", "json", "--fail-on", "never"));
        args.addAll(List.of(extra));
        args.add(path.toString());
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(code).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Drops and creates the test's schema (PostgreSQL) or database (MySQL/MariaDB): no history table in it. */
    public static void emptySchema(TestDatabase db) throws Exception {
        if (db.engine() == dev.safemigrate.it.db.Engine.POSTGRESQL) {
            db.execute("DROP SCHEMA \"" + db.schema() + "\" CASCADE", "CREATE SCHEMA \"" + db.schema() + "\"");
        } else {
            MySqlSchema.recreate(db);
        }
    }
}
