package dev.safemigrate.plan;

import dev.safemigrate.plan.StatementPlan.PlannedFinding;
import dev.safemigrate.plan.StatementPlan.PlannedStep;
import dev.safemigrate.plan.lint.Advice;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;

import java.util.ArrayList;
import java.util.List;

/** A statement's plan while {@link Planner} and {@link RiskAssessment} fill it in. */
final class StatementDraft {
    final String file;
    final int line;
    final SqlStatement statement;
    final Dialect dialect;
    LockInfo lock = LockInfo.NONE;
    Verdict verdict = Verdict.AS_WRITTEN;
    String rule;
    String refusal;
    Risk risk = Risk.NONE;
    Work work;
    TableSize size;
    String estimate;
    boolean unbatchable;
    boolean predictedCopy;
    boolean allowedCopy;
    boolean uncertainRefusal;
    /** The current types of the columns it changes are known: live, or written by an earlier migration. */
    boolean columnTypesKnown;
    final List<PlannedStep> steps = new ArrayList<>();
    final List<PlannedFinding> findings = new ArrayList<>();
    final List<String> reasons = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final List<String> assumptions = new ArrayList<>();
    final List<String> needsUrl = new ArrayList<>();
    final List<Advice> advice = new ArrayList<>();

    StatementDraft(String file, int line, SqlStatement statement, Dialect dialect) {
        this.dialect = dialect;
        this.file = file;
        this.line = line;
        this.statement = statement;
    }

    StatementPlan build() {
        LockInfo shown = work == null || work == lock.work() ? lock
                : new LockInfo(lock.lock(), lock.tables(), lock.blocksReads(), lock.blocksWrites(), work);
        SqlCursor c = statement.tokens();
        String sql = c.size() == 0 ? statement.text().strip() : statement.text().substring(c.start(0)).strip();
        return new StatementPlan(file, line, sql, shown, verdict, rule, List.copyOf(steps),
                List.copyOf(findings), refusal, risk, List.copyOf(reasons), List.copyOf(notes),
                List.copyOf(assumptions), List.copyOf(needsUrl), size, estimate, List.copyOf(advice));
    }
}
