package dev.safemigrate.cli.expand;

import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** The options {@code status}, {@code contract} and {@code rollback} share: where the database is. */
public final class ConnectionOptions {
    @Option(names = "--url", paramLabel = "JDBC_URL", required = true,
            description = "the PostgreSQL database: jdbc:postgresql:… or jdbc:safemigrate:postgresql:…")
    String url;

    @Option(names = "--user", paramLabel = "NAME", description = "database user")
    String user;

    @Option(names = "--password", paramLabel = "SECRET", description = "database password (never printed)")
    String password;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "a safemigrate.* setting, e.g. --set safemigrate.expand.stateTable=ops.expansions")
    Map<String, String> settings = new LinkedHashMap<>();
}
