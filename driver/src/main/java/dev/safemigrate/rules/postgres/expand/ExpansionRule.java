package dev.safemigrate.rules.postgres.expand;

import dev.safemigrate.rules.Rule;

/** What every kind of expansion shares: its name in logs and refusals, and that it never falls back to as written. */
abstract class ExpansionRule implements Rule {

    @Override
    public final String name() {
        return "expand";
    }

    @Override
    public final boolean mayRunAsWritten() {
        return false; // as written it breaks running code or blocks the table: what expand is asked to avoid
    }
}
