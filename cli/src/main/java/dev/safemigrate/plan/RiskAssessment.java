package dev.safemigrate.plan;

import dev.safemigrate.config.Settings;
import dev.safemigrate.plan.StatementPlan.PlannedFinding;
import dev.safemigrate.plan.StatementPlan.PlannedStep;
import dev.safemigrate.plan.lint.Advice;
import dev.safemigrate.rules.Operation;
import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.SqlStatement;

import java.util.Set;

/**
 * The risk of one statement as the driver will run it (see docs/plan.md, "Risk levels"): refused by a policy;
 * danger when what is sent blocks reads or writes of a big table for as long as work on the whole table takes;
 * warning for breaking changes, verdicts that need a live fact, allowed blocking operations and long
 * transactions; none otherwise. Small tables (with {@code --url}) and tables created earlier in the same migration
 * are exempt from danger, as the driver exempts them from its rules. Also sets the duration estimate.
 */
final class RiskAssessment {
    /** Operations that hold a lock blocking reads and writes for work that grows with the table. */
    private static final Set<Operation> BLOCKING = Set.of(Operation.VACUUM_FULL, Operation.CLUSTER,
            Operation.EXCLUSION_CONSTRAINT, Operation.ALTER_COLUMN_TYPE, Operation.VOLATILE_DEFAULT);

    private final Dialect dialect;
    private final Settings settings;
    private final boolean live;

    RiskAssessment(Dialect dialect, Settings settings, boolean live) {
        this.dialect = dialect;
        this.settings = settings;
        this.live = live;
    }

    /** Sets the draft's risk, reasons, work and estimate. */
    void assess(StatementDraft b, boolean newTable) {
        SqlStatement s = b.statement;
        long rows = b.size == null ? -1 : b.size.estimatedRows();
        boolean small = newTable || (live && (b.size == null || (rows >= 0 && rows < settings.rewriteMinRows())));
        Risk risk = Risk.NONE;
        if (b.verdict == Verdict.REFUSED) {
            risk = Risk.REFUSED;
            b.reasons.add("the driver refuses it: the migration stops here");
        }
        for (PlannedFinding f : b.findings) {
            Operation op = operation(f.rule());
            if (f.decision().equals("warned")) {
                boolean blocking = op != null && BLOCKING.contains(op);
                risk = Risk.max(risk, blocking ? Risk.DANGER : Risk.WARNING);
                b.reasons.add("[" + f.rule() + "] " + (blocking ? "blocks the table for the whole rewrite" : f.risk()));
            } else if (f.decision().equals("allowed")) {
                risk = Risk.max(risk, Risk.WARNING);
                b.reasons.add("[" + f.rule() + "] allowed by a comment in the statement");
            }
        }
        if (b.verdict == Verdict.NEEDS_URL) {
            risk = Risk.max(risk, Risk.WARNING);
            b.reasons.add("the verdict needs a live fact: run plan with --url");
        }
        Work work = effectiveWork(b, s);
        boolean allowed = b.allowedCopy
                || (!b.findings.isEmpty() && b.findings.stream().allMatch(f -> f.decision().equals("allowed")));
        if (b.uncertainRefusal) {
            risk = Risk.max(risk, Risk.WARNING);
        }
        if (allowed && b.allowedCopy) {
            risk = Risk.max(risk, Risk.WARNING);
            b.reasons.add("allowed by a comment in the statement: the server may copy the table, writes wait");
        }
        boolean blocking = b.verdict == Verdict.AS_WRITTEN
                ? (b.lock.blocksReads() || b.lock.blocksWrites()) && work.growsWithTable() && work != Work.ROWS
                : b.steps.stream().anyMatch(st -> st.lock().blocksForTheWholeWork()) || b.predictedCopy;
        // Refused and needs-url statements have their own level; an allowed one was accepted by its author.
        if (blocking && !small && b.verdict != Verdict.REFUSED && b.verdict != Verdict.NEEDS_URL && !allowed) {
            risk = Risk.max(risk, Risk.DANGER);
            b.reasons.add((b.predictedCopy ? "the server is predicted to copy the table: " : "")
                    + "it " + (b.lock.blocksReads() && !b.predictedCopy ? "blocks reads and writes" : "blocks writes")
                    + " of the table while it " + work.label() + ", and the driver has no safe form for it");
        }
        if (b.unbatchable && !small) {
            risk = Risk.max(risk, Risk.WARNING);
            b.reasons.add("one long transaction: row locks on every row it changes until it commits");
        }
        if (small && newTable) {
            b.notes.add("table created earlier in this migration: new and empty, its locks are brief");
        } else if (small && b.size != null && (blocking || b.lock.blocksWrites())) {
            b.notes.add("small table (~" + rows + " rows, below rewrite.minRows=" + settings.rewriteMinRows()
                    + "): its locks are brief");
        }
        for (Advice a : b.advice) {
            risk = Risk.max(risk, a.risk());
            b.reasons.add("[" + a.rule() + "] " + a.message());
        }
        b.work = work;
        b.risk = risk;
        if (b.size != null) {
            boolean concurrent = b.steps.stream().anyMatch(st -> st.how().equals("concurrent"));
            Work timed = b.verdict == Verdict.REWRITTEN || b.verdict == Verdict.BATCHED ? stepWork(b) : work;
            b.estimate = DurationEstimate.format(DurationEstimate.seconds(timed, b.size, concurrent));
        }
    }

    /** The statement's work, corrected by what the policy checks found (a volatile default, a compatible type). */
    private Work effectiveWork(StatementDraft b, SqlStatement s) {
        Work work = b.lock.work();
        if (dialect == Dialect.POSTGRESQL && s.isDdl() && s.ddlKind() == DdlKind.ALTER_TABLE) {
            boolean rewrites = b.findings.stream().anyMatch(f -> f.rule().equals(Operation.VOLATILE_DEFAULT.rule)
                    || f.rule().equals(Operation.ALTER_COLUMN_TYPE.rule));
            if (rewrites) {
                return Work.REWRITE;
            }
            if (work == Work.REWRITE && s.tokens().findTopLevelWord(0, "TYPE") >= 0
                    && b.verdict != Verdict.NEEDS_URL && b.columnTypesKnown && settings.rewrite()) {
                return Work.CATALOG; // the check found it binary-compatible
            }
        }
        if (b.predictedCopy) {
            return Work.REWRITE;
        }
        return work;
    }

    private static Work stepWork(StatementDraft b) {
        Work longest = Work.CATALOG;
        for (PlannedStep st : b.steps) {
            if (st.lock().work().growsWithTable() && (!longest.growsWithTable()
                    || st.lock().work().ordinal() > longest.ordinal())) {
                longest = st.lock().work();
            }
        }
        return longest;
    }

    private static Operation operation(String rule) {
        for (Operation op : Operation.values()) {
            if (op.rule.equals(rule)) {
                return op;
            }
        }
        return null;
    }
}
