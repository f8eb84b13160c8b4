package dev.safemigrate.plan;

/** What the driver will do with a statement. */
public enum Verdict {
    /** Sent as written, under the lock timeout with retry. */
    AS_WRITTEN("as written"),
    /** Replaced by the steps of a rule. */
    REWRITTEN("rewritten"),
    /** A rule found the work already done (a re-run): nothing is sent. */
    NOTHING("nothing sent"),
    /** Run as keyset batches by the batching engine (big UPDATE/DELETE/INSERT … SELECT). */
    BATCHED("batched"),
    /** Refused by a policy: nothing is sent, the migration fails here. */
    REFUSED("refused"),
    /** Depends on a fact only the live catalog has: run plan with --url. */
    NEEDS_URL("needs --url");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
