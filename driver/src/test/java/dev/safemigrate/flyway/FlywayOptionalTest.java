package dev.safemigrate.flyway;

import dev.safemigrate.jdbc.SafeMigrateDriver;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Driver;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Flyway is optional: only dev.safemigrate.flyway may refer to it. */
class FlywayOptionalTest {

    private static Path classesDir() throws URISyntaxException {
        return Path.of(SafeMigrateDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void noDriverClassOutsideTheFlywayPackageRefersToFlyway() throws Exception {
        Path classes = classesDir();
        List<String> offenders = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String relative = classes.relativize(file).toString().replace('\\', '/');
                if (relative.startsWith("dev/safemigrate/flyway/")) {
                    continue;
                }
                scanned++;
                // Class names in the constant pool are modified UTF-8; ASCII names appear verbatim.
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                if (bytes.contains("org/flywaydb") || bytes.contains("org.flywaydb")) {
                    offenders.add(relative);
                }
            }
        }
        assertThat(scanned).as("class files scanned").isGreaterThan(50);
        assertThat(offenders).isEmpty();
    }

    @Test
    void theDriverLoadsAndAcceptsUrlsWithoutFlywayOnTheClassPath() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.contains("flywaydb")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        try (URLClassLoader noFlyway = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> Class.forName("org.flywaydb.core.Flyway", false, noFlyway))
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> driverClass = Class.forName(SafeMigrateDriver.class.getName(), true, noFlyway);
            assertThat(driverClass.getClassLoader()).isSameAs(noFlyway);
            Driver driver = (Driver) driverClass.getDeclaredConstructor().newInstance();
            assertThat(driver.acceptsURL("jdbc:safemigrate:postgresql://localhost/app")).isTrue();
            assertThat(driver.acceptsURL("jdbc:postgresql://localhost/app")).isFalse();
            // The service file for Flyway is there, but nothing loads it without Flyway.
            assertThat(noFlyway.getResource("META-INF/services/org.flywaydb.core.extensibility.Plugin")).isNotNull();
        }
    }

    @Test
    void aMySqlOnlyFlywayLoadsOurPluginsAndOurPostgresTypeStaysOut() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.contains("flyway-database-postgresql") && !entry.contains("flyway-database-cockroachdb")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        try (URLClassLoader mysqlOnly = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> Class.forName(SafeMigratePostgresDatabaseType.STOCK_TYPE, false, mysqlOnly))
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> pluginInterface = Class.forName("org.flywaydb.core.extensibility.Plugin", false, mysqlOnly);
            List<String> loaded = new ArrayList<>();
            Object ours = null;
            // What Flyway's PluginRegister does: every listed plugin class must load.
            for (Object plugin : java.util.ServiceLoader.load(pluginInterface, mysqlOnly)) {
                loaded.add(plugin.getClass().getName());
                if (plugin.getClass().getName().equals(SafeMigratePostgresDatabaseType.class.getName())) {
                    ours = plugin;
                }
            }
            assertThat(loaded).contains(SafeMigrateUrlDatabaseType.class.getName(),
                    SafeMigratePostgresDatabaseType.class.getName(), "org.flywaydb.database.mysql.MySQLDatabaseType");
            // A connection that claims to be ours: the type still declines, the PostgreSQL module is missing.
            Class<?> safeConnection = Class.forName("dev.safemigrate.jdbc.SafeConnection", false, mysqlOnly);
            java.sql.Connection claimsToBeOurs = (java.sql.Connection) java.lang.reflect.Proxy.newProxyInstance(mysqlOnly,
                    new Class<?>[] {java.sql.Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("isWrapperFor")) {
                            return args[0] == safeConnection;
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
            Object answer = ours.getClass().getMethod("handlesDatabaseProductNameAndVersion", String.class, String.class,
                    java.sql.Connection.class).invoke(ours, "PostgreSQL", "15.4", claimsToBeOurs);
            assertThat(answer).isEqualTo(false);
        }
    }

    @Test
    void theUrlTypeClaimsOnlyOurUrlsAndNamesOurDriver() {
        SafeMigrateUrlDatabaseType type = new SafeMigrateUrlDatabaseType();
        assertThat(type.handlesJDBCUrl("jdbc:safemigrate:postgresql://db/app")).isTrue();
        assertThat(type.handlesJDBCUrl("jdbc:safemigrate:mysql://db/app")).isTrue();
        assertThat(type.handlesJDBCUrl("jdbc:postgresql://db/app")).isFalse();
        assertThat(type.getDriverClass("jdbc:safemigrate:mysql://db/app", null)).isEqualTo(SafeMigrateDriver.class.getName());
        assertThat(type.handlesDatabaseProductNameAndVersion("PostgreSQL", "15.4", null)).isFalse();
    }

    @Test
    void thePostgresTypeIgnoresConnectionsThatAreNotOurs() {
        SafeMigratePostgresDatabaseType type = new SafeMigratePostgresDatabaseType();
        assertThat(type.handlesDatabaseProductNameAndVersion("PostgreSQL", "15.4", null)).isFalse();
        assertThat(type.handlesDatabaseProductNameAndVersion("MySQL", "8.0", null)).isFalse();
        assertThat(type.getName()).isEqualTo("PostgreSQL");
    }

    @Test
    void pluginsAreRegisteredForFlywaysServiceLoader() throws IOException {
        try (var in = FlywayOptionalTest.class.getResourceAsStream("/META-INF/services/org.flywaydb.core.extensibility.Plugin")) {
            assertThat(in).isNotNull();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text.lines().map(String::trim).filter(l -> !l.isEmpty()))
                    .containsExactlyInAnyOrder(SafeMigrateUrlDatabaseType.class.getName(),
                            SafeMigratePostgresDatabaseType.class.getName(), TransactionalLockIntent.class.getName());
        }
    }
}
