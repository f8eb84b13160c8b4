package dev.safemigrate.plan.liquibase;

import liquibase.GlobalConfiguration;
import liquibase.Scope;
import liquibase.analytics.configuration.AnalyticsArgs;
import liquibase.logging.core.NoOpLogService;
import liquibase.parser.ChangeLogParserConfiguration;
import liquibase.parser.ChangeLogParserConfiguration.MissingIncludeConfiguration;
import liquibase.parser.ChangeLogParserConfiguration.MissingPropertyMode;
import liquibase.ui.LoggerUIService;

import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs Liquibase code in a scope that keeps plan's stdout clean and fails loudly: plan prints its report on
 * stdout, so Liquibase's log (java.util.logging by default) goes nowhere, its console messages go to that
 * silent log instead of {@code System.out}, and analytics are off (nothing is sent). An unknown
 * {@code ${parameter}} or a missing include is an error rather than a warning, because a plan of SQL that
 * still holds {@code ${x}}, or that lacks an included file, would not be the SQL that runs.
 */
final class QuietLiquibase {
    /** Liquibase's root scope logs through java.util.logging before any child scope applies; held strongly
     * because java.util.logging forgets a logger's level once nothing refers to it. */
    private static final Logger LIQUIBASE_JUL = Logger.getLogger("liquibase");
    private QuietLiquibase() {
    }

    static <T> T call(Scope.ScopedRunnerWithReturn<T> work) throws Exception {
        Map<String, Object> scope = new HashMap<>();
        scope.put(Scope.Attr.logService.name(), new NoOpLogService());
        scope.put(Scope.Attr.ui.name(), new LoggerUIService());
        scope.put(AnalyticsArgs.ENABLED.getKey(), Boolean.FALSE);
        scope.put(ChangeLogParserConfiguration.MISSING_PROPERTY_MODE.getKey(), MissingPropertyMode.ERROR);
        scope.put(ChangeLogParserConfiguration.ON_MISSING_INCLUDE_CHANGELOG.getKey(), MissingIncludeConfiguration.FAIL);
        scope.put(ChangeLogParserConfiguration.ON_MISSING_SQL_FILE.getKey(), MissingIncludeConfiguration.FAIL);
        // a path found under several search roots: the first one wins (the changelog's own folder)
        scope.put(GlobalConfiguration.DUPLICATE_FILE_MODE.getKey(), GlobalConfiguration.DuplicateFileMode.SILENT);
        Level before = LIQUIBASE_JUL.getLevel();
        LIQUIBASE_JUL.setLevel(Level.OFF);
        try {
            return Scope.child(scope, work);
        } finally {
            LIQUIBASE_JUL.setLevel(before);
        }
    }
}
