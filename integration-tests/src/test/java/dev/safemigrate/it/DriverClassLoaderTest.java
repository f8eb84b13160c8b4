package dev.safemigrate.it;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The class-loader layout of Flyway's Gradle plugin and of application servers: our driver in one class
 * loader, the real PostgreSQL driver in a child loader that {@code DriverManager} will not hand to our
 * classes (it only returns drivers the caller's loader can see). The real driver must still be found,
 * through the thread's context class loader.
 */
@RealDatabase(Engine.POSTGRESQL)
class DriverClassLoaderTest {
    private final TestDatabase db;
    private URLClassLoader ours;
    private URLClassLoader withRealDriver;
    private ClassLoader previousContext;

    DriverClassLoaderTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void loaders() throws Exception {
        // Everything on the test class path but pgjdbc, under the platform loader: our driver, Caffeine, …
        List<URL> withoutPgjdbc = new ArrayList<>();
        URL pgjdbc = org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            URL url = toUrl(entry);
            if (!url.sameFile(pgjdbc)) {
                withoutPgjdbc.add(url);
            }
        }
        ours = new URLClassLoader("safemigrate", withoutPgjdbc.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        withRealDriver = new URLClassLoader("child-with-pgjdbc", new URL[] {pgjdbc}, ours);
        previousContext = Thread.currentThread().getContextClassLoader();
    }

    @AfterEach
    void restore() throws Exception {
        Thread.currentThread().setContextClassLoader(previousContext);
        withRealDriver.close();
        ours.close();
    }

    @Test
    void theRealDriverIsFoundThroughTheContextClassLoader() throws Exception {
        Driver safe = ourDriver();
        assertThat(safe.getClass().getClassLoader()).isSameAs(ours);
        Thread.currentThread().setContextClassLoader(withRealDriver);

        try (Connection c = safe.connect(db.safeUrl(), credentials());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_database()")) {
            assertThat(rs.next()).isTrue();
            assertThat(c.getClass().getName()).isEqualTo("dev.safemigrate.jdbc.SafeConnection");
            Class<?> childPgConnection = Class.forName("org.postgresql.PGConnection", false, withRealDriver);
            Object real = c.unwrap(childPgConnection);
            assertThat(real.getClass().getClassLoader()).as("the real connection comes from the child loader")
                    .isSameAs(withRealDriver);
        }
    }

    @Test
    void withoutAnyLoaderThatSeesTheRealDriverTheErrorSaysWhatToAdd() throws Exception {
        Driver safe = ourDriver();
        Thread.currentThread().setContextClassLoader(ours);

        assertThatThrownBy(() -> safe.connect(db.safeUrl(), credentials()))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("org.postgresql.Driver")
                .hasMessageContaining("add org.postgresql:postgresql to the class path")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
    }

    private Driver ourDriver() throws ReflectiveOperationException {
        return (Driver) Class.forName("dev.safemigrate.jdbc.SafeMigrateDriver", true, ours)
                .getDeclaredConstructor().newInstance();
    }

    private Properties credentials() {
        Properties p = new Properties();
        p.setProperty("user", db.user());
        p.setProperty("password", db.password());
        return p;
    }

    private static URL toUrl(String classPathEntry) {
        try {
            return Path.of(classPathEntry).toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(classPathEntry, e);
        }
    }
}
