package dev.safemigrate.rules.postgres;

import dev.safemigrate.rules.Finding;

import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.sql.SqlStatement;

import java.sql.SQLException;
import java.util.List;

/** One family of operations under a policy: finds them in a statement (exemptions already applied). */
interface PolicyCheck {
    /** The operations found; empty when there is none, or when the check does not fully understand the statement. */
    List<Finding> findings(SqlStatement statement, RuleContext context) throws SQLException;
}
