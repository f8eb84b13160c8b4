package dev.safemigrate.jdbc;

import dev.safemigrate.sql.ParsedSql;

import java.sql.CallableStatement;

/** A callable statement: routed like a prepared one; its own methods pass straight through. */
final class SafeCallableStatement extends DelegatingCallableStatement {
    SafeCallableStatement(SafeConnection owner, CallableStatement callable, ParsedSql parsed) {
        super(owner, callable, parsed);
    }
}
