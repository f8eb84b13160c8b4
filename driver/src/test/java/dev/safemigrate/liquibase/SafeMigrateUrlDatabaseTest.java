package dev.safemigrate.liquibase;

import liquibase.database.Database;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SafeMigrateUrlDatabaseTest {

    @Test
    void namesOurDriverForOurPrefixOnlyAndClaimsNoConnection() throws Exception {
        SafeMigrateUrlDatabase db = new SafeMigrateUrlDatabase();
        assertThat(db.getDefaultDriver("jdbc:safemigrate:postgresql://h/db")).isEqualTo("dev.safemigrate.jdbc.SafeMigrateDriver");
        assertThat(db.getDefaultDriver("jdbc:safemigrate:mariadb://h/db")).isEqualTo("dev.safemigrate.jdbc.SafeMigrateDriver");
        assertThat(db.getDefaultDriver("jdbc:postgresql://h/db")).isNull();
        assertThat(db.getDefaultDriver("jdbc:mysql://h/db")).isNull();
        assertThat(db.getDefaultDriver(null)).isNull();
        assertThat(db.isCorrectDatabaseImplementation(null)).isFalse();
        assertThat(db.getShortName()).isEqualTo("safemigrate");
        assertThat(Class.forName(SafeMigrateUrlDatabase.DRIVER)).isEqualTo(dev.safemigrate.jdbc.SafeMigrateDriver.class);
    }

    @Test
    void liquibaseFindsItThroughItsServiceFile() {
        assertThat(ServiceLoader.load(Database.class).stream().map(p -> p.type().getName()))
                .contains(SafeMigrateUrlDatabase.class.getName(), "liquibase.database.core.PostgresDatabase");
    }

    /** The driver's own classes, loaded again by a loader that cannot see Liquibase. */
    private static final class WithoutLiquibase extends URLClassLoader {
        WithoutLiquibase() {
            super(new URL[] {dev.safemigrate.jdbc.SafeMigrateDriver.class.getProtectionDomain().getCodeSource().getLocation()},
                    SafeMigrateUrlDatabaseTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("liquibase.")) {
                throw new ClassNotFoundException(name + " (hidden: no Liquibase on this class path)");
            }
            if (name.startsWith("dev.safemigrate.")) {
                synchronized (getClassLoadingLock(name)) {
                    Class<?> c = findLoadedClass(name);
                    return c != null ? c : findClass(name);
                }
            }
            return super.loadClass(name, resolve);
        }
    }

    @Test
    void theDriverLoadsAndConnectsWithoutLiquibase() throws Exception {
        try (WithoutLiquibase loader = new WithoutLiquibase()) {
            assertThatThrownBy(() -> Class.forName(SafeMigrateUrlDatabase.class.getName(), true, loader))
                    .as("the hiding works: the extension itself cannot load").isInstanceOf(NoClassDefFoundError.class);

            Driver driver = ServiceLoader.load(Driver.class, loader).stream().map(ServiceLoader.Provider::get)
                    .filter(d -> d.getClass().getClassLoader() == loader).findFirst().orElseThrow();
            assertThat(driver.getClass().getName()).isEqualTo("dev.safemigrate.jdbc.SafeMigrateDriver");
            assertThat(driver.acceptsURL("jdbc:safemigrate:postgresql://127.0.0.1:1/none")).isTrue();
            assertThat(driver.getPropertyInfo("jdbc:safemigrate:postgresql://127.0.0.1:1/none", new Properties())).isNotEmpty();
            // the whole connect path (settings, real driver lookup) runs; only the server is missing
            assertThatThrownBy(() -> driver.connect("jdbc:safemigrate:postgresql://127.0.0.1:1/none?connectTimeout=2",
                    new Properties())).isInstanceOf(SQLException.class);
        }
    }
}
