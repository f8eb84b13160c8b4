package dev.safemigrate.bench;

import dev.safemigrate.sql.ClassificationCache;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.ParsedSql;
import dev.safemigrate.sql.StatementClassifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What classifying SQL costs. {@code cold}: {@code new StatementClassifier(dialect).parse(sql)}
 * with no cache, i.e. what the first execution of a SQL text (and every execution of one longer
 * than the cache's 16 KiB limit) pays. {@code cached*}: the lookup every later execution pays,
 * through the same shared cache the driver uses.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ClassificationBenchmark {

    /** Realistic inputs. Where PostgreSQL and MySQL syntax differ, each dialect gets its own text. */
    public enum Sample {
        SELECT("SELECT id, name FROM users WHERE id = 42"),

        UPDATE_WHERE("UPDATE accounts SET balance = balance - 100, updated_at = now()"
                + " WHERE id = 7 AND balance >= 100"),

        ALTER_ADD_COLUMN("ALTER TABLE orders ADD COLUMN shipped_at timestamp NULL"),

        CREATE_INDEX("CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON orders (customer_id, created_at)",
                "CREATE INDEX orders_customer_id_idx ON orders (customer_id, created_at) ALGORITHM=INPLACE LOCK=NONE"),

        /** A 20-line Flyway versioned migration: comments, DDL, DML, several statements. */
        FLYWAY_MIGRATION(String.join("\n",
                "-- V42__order_status_history.sql",
                "CREATE TABLE order_status (",
                "    id         bigint      NOT NULL PRIMARY KEY,",
                "    order_id   bigint      NOT NULL REFERENCES orders (id),",
                "    status     varchar(20) NOT NULL DEFAULT 'new',",
                "    changed_at timestamp   NOT NULL DEFAULT CURRENT_TIMESTAMP",
                ");",
                "",
                "ALTER TABLE orders ADD COLUMN status varchar(20);",
                "ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';",
                "",
                "/* backfill: orders without a status are new; the history gets one row each */",
                "UPDATE orders SET status = 'new' WHERE status IS NULL;",
                "INSERT INTO order_status (id, order_id, status)",
                "SELECT id, id, 'new' FROM orders WHERE created_at > '2024-01-01';",
                "",
                "CREATE INDEX order_status_order_id_idx ON order_status (order_id);",
                "CREATE INDEX orders_status_idx ON orders (status);",
                "-- it's read by the reporting role too",
                "GRANT SELECT ON order_status TO reporting;")),

        /** PostgreSQL: a trigger function with a dollar-quoted body; MySQL: a BEGIN … END procedure. */
        FUNCTION_BODY(String.join("\n",
                "CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger",
                "LANGUAGE plpgsql AS $fn$",
                "BEGIN",
                "    -- only real changes; a no-op UPDATE keeps the old timestamp",
                "    IF NEW IS DISTINCT FROM OLD THEN",
                "        NEW.updated_at := now();",
                "    END IF;",
                "    RAISE NOTICE 'row % updated; it''s %', NEW.id, $$quoted; text$$;",
                "    RETURN NEW;",
                "END;",
                "$fn$;"),
                String.join("\n",
                "CREATE PROCEDURE archive_orders(IN cutoff DATE)",
                "BEGIN",
                "    -- move old orders; 'quotes; and semicolons' inside are not terminators",
                "    DECLARE moved INT DEFAULT 0;",
                "    INSERT INTO orders_archive SELECT * FROM `orders` WHERE created_at < cutoff;",
                "    SET moved = ROW_COUNT();",
                "    DELETE FROM `orders` WHERE created_at < cutoff;",
                "    SELECT CONCAT('moved ', moved, ' rows; done') AS msg;",
                "END"));

        final String postgres;
        final String mysql;

        Sample(String both) {
            this(both, both);
        }

        Sample(String postgres, String mysql) {
            this.postgres = postgres;
            this.mysql = mysql;
        }

        String text(Dialect dialect) {
            return dialect == Dialect.POSTGRESQL ? postgres : mysql;
        }
    }

    @State(Scope.Thread)
    public static class Cold {
        @Param({"POSTGRESQL", "MYSQL"})
        Dialect dialect;

        @Param
        Sample sample;

        StatementClassifier classifier;
        String sql;

        @Setup(Level.Trial)
        public void setUp() {
            classifier = new StatementClassifier(dialect);
            sql = sample.text(dialect);
            classifier.parse(sql); // fail fast, before any measurement, if the classifier throws
        }
    }

    @State(Scope.Thread)
    public static class Cached {
        /** The driver's default cache size: the instance connections with default settings share. */
        final ClassificationCache cache = ClassificationCache.shared(Dialect.POSTGRESQL, 10_000);
        final String sql = Sample.SELECT.postgres;
        final char[] chars = sql.toCharArray();

        @Setup(Level.Trial)
        public void setUp() {
            // A realistically populated cache: 5,000 other statements next to ours.
            for (int i = 0; i < 5_000; i++) {
                cache.parse("SELECT id, name FROM users WHERE id = " + i + " AND tenant = 'x'");
            }
            cache.parse(sql);
        }
    }

    @Benchmark
    public ParsedSql cold(Cold s) {
        return s.classifier.parse(s.sql);
    }

    /** The same String instance every time: its hash code is cached in the String. */
    @Benchmark
    public ParsedSql cachedSameString(Cached s) {
        return s.cache.parse(s.sql);
    }

    /**
     * An equal but new String every time, as with SQL built per call (jOOQ, string concatenation):
     * includes allocating and copying the String and computing its hash code.
     */
    @Benchmark
    public ParsedSql cachedEqualNewString(Cached s) {
        return s.cache.parse(new String(s.chars));
    }

    /** Baseline for {@link #cachedEqualNewString}: only {@code new String(chars)}. */
    @Benchmark
    public String newStringOnly(Cached s) {
        return new String(s.chars);
    }
}
