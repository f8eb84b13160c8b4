package dev.safemigrate.agent;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.safemigrate.dialect.SideConnections;
import dev.safemigrate.jdbc.SafeConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Decides, for each connection an instrumented driver or data source hands out, whether the
 * application gets it wrapped, and wraps it. With {@code when=always} the innermost call wraps (a pool's
 * physical connection is ours whoever opened it, see {@code SafeMigrateBridge}); with
 * {@code when=migration-tool} only the outermost one does. Installed into {@code SafeMigrateBridge}; never throws:
 * a failure is logged once per kind and the application keeps the real connection.
 */
final class ConnectionHook implements Function<Object[], Object> {
    private static final Logger log = LoggerFactory.getLogger("dev.safemigrate.agent");

    /** Set while the agent opens a side connection of its own: that one stays raw. */
    private static final ThreadLocal<Boolean> OPENING_SIDE_CONNECTION = new ThreadLocal<>();

    private final AgentOptions options;
    private final CallerCheck callers;
    /** A data source's URL, read from its first connection's metadata; weak keys: data sources come and go. */
    private final Cache<Object, String> dataSourceUrls = Caffeine.newBuilder().weakKeys().maximumSize(1000).build();
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    ConnectionHook(AgentOptions options) {
        this.options = options;
        this.callers = new CallerCheck(options);
    }

    @Override
    public Object apply(Object[] call) {
        Object candidate = call[0];
        try {
            if (!(candidate instanceof Connection connection) || OPENING_SIDE_CONNECTION.get() != null) {
                return candidate;
            }
            if (Boolean.TRUE.equals(call[4]) && options.when() == AgentOptions.When.MIGRATION_TOOL) {
                // Opened inside another instrumented call, perhaps a pool filling itself while a migration
                // tool waits: wrapping it would make it ours for whoever borrows it later. The outermost call
                // decides, for this caller only (a pool's proxy is wrapped for this one borrowing).
                return candidate;
            }
            Object source = call[1];
            String url = call[2] instanceof String u ? u : dataSourceUrl(source, connection);
            if (url == null || SafeConnections.familyOf(url) == null || !options.selectsUrl(url)
                    || SafeConnections.isWrapped(connection) || !callers.selected()) {
                return connection;
            }
            Properties info = call[3] instanceof Properties p ? p : null;
            Connection wrapped = SafeConnections.wrap(connection, url, info, options.settings(),
                    sideConnections(source, url, info, call[3]));
            if (wrapped != connection && reported.add("wrapped " + Redacted.url(url))) {
                log.info("safemigrate agent: connections to {} are made safe{}", Redacted.url(url),
                        options.dryRun() ? " (dry run: logged only)" : "");
            }
            return wrapped;
        } catch (Throwable t) {
            if (reported.add("failed " + t.getClass().getName())) {
                log.warn("safemigrate agent: could not wrap a connection ({}); it is used as it is. Further failures of"
                        + " this kind are not reported.", t.toString());
            }
            return candidate;
        }
    }

    private String dataSourceUrl(Object source, Connection connection) throws SQLException {
        String url = dataSourceUrls.getIfPresent(source);
        if (url == null) {
            url = connection.getMetaData().getURL();
            if (url != null) {
                dataSourceUrls.put(source, url);
            }
        }
        return url;
    }

    /** How the engine opens another connection like this one (for its watchdogs); those stay raw. */
    private static SideConnections sideConnections(Object source, String url, Properties info, Object arguments) {
        if (source instanceof Driver driver) {
            return () -> raw(() -> driver.connect(url, info));
        }
        if (source instanceof DataSource dataSource) {
            if (arguments instanceof Object[] args && args.length == 2) {
                return () -> raw(() -> dataSource.getConnection((String) args[0], (String) args[1]));
            }
            return () -> raw(dataSource::getConnection);
        }
        return SideConnections.NONE;
    }

    private static Connection raw(SideConnections opener) throws SQLException {
        OPENING_SIDE_CONNECTION.set(Boolean.TRUE);
        try {
            return opener.open();
        } finally {
            OPENING_SIDE_CONNECTION.remove();
        }
    }
}
