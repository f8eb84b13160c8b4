package dev.safemigrate.rules.mysql;

import dev.safemigrate.config.Settings;
import dev.safemigrate.config.SettingsResolver;
import dev.safemigrate.dialect.Catalog;
import dev.safemigrate.dialect.mysql.MySqlFacts;
import dev.safemigrate.dialect.mysql.MySqlServer;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.sql.QualifiedName;

import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/**
 * Unit-level catalog facts: every table exists with {@code rows} rows except names starting with
 * {@code missing}; {@code v_…} are views, {@code tmp_…} temporary tables; every column exists except
 * names starting with {@code missing}, and is NOT NULL unless its name starts with {@code nullable}. The real catalog is tested against MariaDB.
 */
final class FakeMySql {
    private FakeMySql() {
    }

    static RuleContext context(String version, long rows, Map<String, String> settings) throws SQLException {
        Properties none = new Properties();
        Settings resolved = SettingsResolver.resolve(settings, none, none, none);
        MySqlServer server = MySqlServer.parse(version);
        MySqlFacts facts = (MySqlFacts) Proxy.newProxyInstance(FakeMySql.class.getClassLoader(),
                new Class<?>[] {MySqlFacts.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "server":
                            return server;
                        case "table": {
                            String n = ((QualifiedName) args[0]).name();
                            return n.startsWith("missing") ? Catalog.TableFacts.MISSING
                                    : new Catalog.TableFacts(true, "app", n, n.startsWith("v_") ? 'v' : 'r',
                                    n.startsWith("tmp_"), rows);
                        }
                        case "column":
                            return ((String) args[1]).startsWith("missing") ? Catalog.ColumnFacts.MISSING
                                    : new Catalog.ColumnFacts(true, "int", -1, "int(11)", 0, 0,
                                    !((String) args[1]).startsWith("nullable"));
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
        return new RuleContext() {
            @Override
            public Settings settings() {
                return resolved;
            }

            @Override
            public MySqlFacts catalog() {
                return facts;
            }

            @Override
            public boolean inTransaction() {
                return false;
            }

            @Override
            public boolean createdInTransaction(QualifiedName table) {
                return false;
            }
        };
    }
}
