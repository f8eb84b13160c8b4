package dev.safemigrate.plan;

import dev.safemigrate.config.Settings;
import dev.safemigrate.config.TransactionPolicy;
import dev.safemigrate.dialect.Catalog;
import dev.safemigrate.execution.batch.BulkStatement;
import dev.safemigrate.plan.StatementPlan.PlannedFinding;
import dev.safemigrate.plan.StatementPlan.PlannedStep;
import dev.safemigrate.rules.AllowComments;
import dev.safemigrate.rules.Operation;
import dev.safemigrate.rules.PolicyViolationException;
import dev.safemigrate.rules.RewritePlan;
import dev.safemigrate.rules.RuleContext.Decision;
import dev.safemigrate.rules.RuleSet;
import dev.safemigrate.rules.Step;
import dev.safemigrate.rules.StepKind;
import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.ParsedSql;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.StatementClassifier;
import dev.safemigrate.sql.StatementKind;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Plans every statement of a list of migration files: splits each file with the driver's lexer, asks the
 * dialect's rules exactly as the driver would (so "sent instead" is what the driver sends), and adds the
 * locks, the risk and, with a live catalog, the table's size and a duration estimate. Reads only.
 */
public final class Planner {
    /** Operations that hold a lock blocking reads and writes for work that grows with the table. */
    private static final Set<Operation> BLOCKING = Set.of(Operation.VACUUM_FULL, Operation.CLUSTER,
            Operation.EXCLUSION_CONSTRAINT, Operation.ALTER_COLUMN_TYPE, Operation.VOLATILE_DEFAULT);
    private static final String UNKNOWN_ROWS = "~" + AssumedCatalog.UNKNOWN_ROWS + " rows";

    private final Dialect dialect;
    private final Settings settings;
    private final RuleSet rules;
    private final Catalog catalog;
    private final TableSizes sizes;
    private final PlannedSchema planned;
    private final StatementClassifier classifier;

    private Planner(Dialect dialect, Settings settings, RuleSet rules, Catalog catalog, TableSizes sizes,
                    PlannedSchema planned) {
        this.dialect = dialect;
        this.settings = settings;
        this.rules = rules;
        this.catalog = catalog;
        this.sizes = sizes;
        this.planned = planned;
        this.classifier = new StatementClassifier(dialect);
    }

    /** Without a database: every fact the rules need is assumed (see {@link AssumedCatalog}). */
    public static Planner offline(Dialect dialect, boolean mariadb, Settings settings, RuleSet rules) {
        PlannedSchema planned = new PlannedSchema();
        return new Planner(dialect, settings, rules, new AssumedCatalog(dialect, mariadb, planned), null, planned);
    }

    /** With the live catalog of a read-only connection ({@link ReadOnlySession}). */
    public static Planner live(Dialect dialect, Settings settings, RuleSet rules, Catalog catalog,
                               java.sql.Connection readOnly) {
        return new Planner(dialect, settings, rules, catalog, new TableSizes(readOnly, dialect), new PlannedSchema());
    }

    /** Plans the statements of one file's text, in order. */
    public List<StatementPlan> plan(String file, String text) {
        ParsedSql parsed = classifier.parse(text);
        List<StatementPlan> out = new ArrayList<>();
        for (SqlStatement s : parsed.statements()) {
            if (s.kind() == StatementKind.EMPTY) {
                continue;
            }
            out.add(plan(file, lineOf(text, s), s));
            planned.after(s);
        }
        return out;
    }

    private int lineOf(String text, SqlStatement s) {
        SqlCursor c = SqlCursor.over(s.text(), dialect);
        int offset = s.start() + (c.size() > 0 ? c.start(0) : 0);
        int line = 1;
        for (int k = 0; k < offset && k < text.length(); k++) {
            if (text.charAt(k) == '\n') {
                line++;
            }
        }
        return line;
    }

    private StatementPlan plan(String file, int line, SqlStatement s) {
        if (catalog instanceof AssumedCatalog assumed) {
            assumed.begin(s);
        }
        Builder b = new Builder(file, line, s, dialect);
        b.lock = dialect == Dialect.POSTGRESQL ? PostgresLocks.of(s) : MySqlLocks.of(s);
        PlanContext context = new PlanContext(settings, catalog, planned);
        RewritePlan rewrite = null;
        if (s.isDdl() && settings.rewrite()) {
            try {
                rewrite = rules.plan(s, context);
            } catch (PolicyViolationException refused) {
                b.verdict = Verdict.REFUSED;
                b.rule = refused.rule();
                b.refusal = clean(refused.getMessage());
            } catch (SQLException | RuntimeException e) {
                b.notes.add("the rules could not read the catalog (" + e.getMessage() + "): the driver would run it"
                        + " as written");
            }
        }
        findings(b, context);
        if (rewrite != null) {
            b.rule = rewrite.rule().name();
            if (rewrite.isNoOp()) {
                b.verdict = Verdict.NOTHING;
                b.notes.add(clean(rewrite.summary()));
            } else {
                b.verdict = Verdict.REWRITTEN;
                b.notes.add(clean(rewrite.summary()));
                steps(b, rewrite, context);
                transactionNote(b, rewrite);
            }
        } else if (b.verdict == Verdict.AS_WRITTEN && s.kind() == StatementKind.DML) {
            batching(b, s);
        }
        if (catalog instanceof AssumedCatalog assumed) {
            b.assumptions.addAll(assumed.assumptions());
            b.needsUrl.addAll(assumed.unknowns());
        }
        if (b.verdict != Verdict.REFUSED && b.verdict != Verdict.REWRITTEN && !b.needsUrl.isEmpty()) {
            b.verdict = Verdict.NEEDS_URL;
        }
        size(b, s);
        risk(b, s);
        return b.build();
    }

    /** The policy decisions, and the offline cases where a decision rests on an assumed column type. */
    private void findings(Builder b, PlanContext context) {
        boolean offline = catalog instanceof AssumedCatalog;
        boolean onlyTypeRefusals = b.verdict == Verdict.REFUSED;
        for (PlanContext.Decided d : context.decisions()) {
            Operation op = d.finding().operation();
            b.findings.add(new PlannedFinding(op.rule, d.decision().name().toLowerCase(Locale.ROOT),
                    clean(d.finding().subject()), op.risk, op.setting.key()));
            if (d.decision() == Decision.REFUSED && op != Operation.ALTER_COLUMN_TYPE) {
                onlyTypeRefusals = false;
            }
            if (offline && op == Operation.ALTER_COLUMN_TYPE && d.decision() != Decision.ALLOWED) {
                b.needsUrl.add("the current type of the column: the change rewrites the table unless it is"
                        + " binary-compatible (e.g. varchar(n) to a longer varchar or text)");
            }
        }
        if (offline && onlyTypeRefusals && !b.needsUrl.isEmpty()) {
            b.verdict = Verdict.NEEDS_URL; // refused only if the type change rewrites: a live fact
            b.refusal = null;
            b.notes.add("with --url: refused unless the type change is binary-compatible");
        }
    }

    private void steps(Builder b, RewritePlan rewrite, PlanContext context) {
        for (Step step : rewrite.steps()) {
            String sql = clean(step.sql()).strip();
            switch (step.kind()) {
                case ONLINE -> b.steps.add(onlineStep(b, step, context));
                case BACKFILL -> b.steps.add(new PlannedStep(sql, "batched", lockOfStep(step.sql()), null));
                case CONCURRENT -> b.steps.add(new PlannedStep(sql, "concurrent", lockOfStep(step.sql()), null));
                case OWN_TRANSACTION -> b.steps.add(new PlannedStep(sql, "own transaction", lockOfStep(step.sql()), null));
                default -> {
                    LockInfo lock = lockOfStep(step.sql());
                    if (rewrite.rule().name().equals("set-not-null") && lock.work() == Work.SCAN) {
                        // the validated helper check proves the column has no NULL: PostgreSQL 12+ skips the scan
                        lock = new LockInfo(lock.lock(), lock.tables(), lock.blocksReads(), lock.blocksWrites(),
                                Work.CATALOG);
                    }
                    b.steps.add(new PlannedStep(sql, "locking", lock, null));
                }
            }
        }
    }

    private LockInfo lockOfStep(String sql) {
        SqlStatement s = classifier.parse(sql).first();
        if (s == null) {
            return LockInfo.NONE;
        }
        return dialect == Dialect.POSTGRESQL ? PostgresLocks.of(s) : MySqlLocks.of(s);
    }

    /**
     * A MySQL/MariaDB online step: the form the server is predicted to accept, and, when it is predicted to
     * accept none, what the copying policy decides (asked exactly as the driver asks it after the server's answer).
     */
    private PlannedStep onlineStep(Builder b, Step step, PlanContext context) {
        MySqlLocks.Prediction p = MySqlLocks.predict(b.statement.text());
        List<String> forms = new ArrayList<>();
        forms.add(step.sql());
        forms.addAll(step.online().weaker());
        String first = forms.get(0).contains("ALGORITHM=INSTANT") ? MySqlLocks.INSTANT : MySqlLocks.INPLACE;
        StringBuilder fallback = new StringBuilder();
        for (int k = 1; k < forms.size(); k++) {
            fallback.append("if the server refuses it: ").append(withoutSemicolon(forms.get(k))).append(" | ");
        }
        fallback.append("if it runs neither way: ");
        String onNone;
        try {
            String sent = step.online().unsupported().decide(new SQLException("(predicted by plan) " + p.why()));
            onNone = sent.equals(b.statement.text()) ? "runs as written (copies the table, writes wait)"
                    : "runs " + clean(sent);
            b.allowedCopy = AllowComments.allows(b.statement.text(), Dialect.MYSQL, "copying-alter")
                    || AllowComments.allows(b.statement.text(), Dialect.MYSQL, Operation.ALTER_COLUMN_TYPE.rule);
        } catch (PolicyViolationException refused) {
            onNone = "refused (" + refused.rule() + " policy)";
            if (p.algorithm().equals(MySqlLocks.COPY) && !p.certain()) {
                b.reasons.add("[" + refused.rule() + "] refused if the server must copy the table (a type change):"
                        + " the server decides at run time");
                b.uncertainRefusal = true;
            } else if (p.algorithm().equals(MySqlLocks.COPY)) {
                b.verdict = Verdict.REFUSED;
                b.rule = refused.rule();
                b.refusal = clean(refused.getMessage());
            }
        } catch (SQLException e) {
            onNone = "refused (" + e.getMessage() + ")";
        }
        fallback.append(onNone);
        b.notes.add("predicted: ALGORITHM=" + p.algorithm() + " — " + p.why() + " (the server has the last word)");
        // An uncertain copy (a type change or not, decided by the server) is shown with the online form's lock:
        // the other outcome is the refusal stated in the reasons.
        String predicted = (p.algorithm().equals(MySqlLocks.INSTANT) && !first.equals(MySqlLocks.INSTANT)) || !p.certain()
                ? MySqlLocks.INPLACE : p.algorithm();
        if (predicted.equals(MySqlLocks.COPY) && p.certain() && b.verdict != Verdict.REFUSED
                && onNone.startsWith("runs as written")) {
            b.predictedCopy = true;
        }
        List<String> on = b.statement.target() == null ? List.of() : List.of(b.statement.target().sql());
        LockInfo lock = MySqlLocks.withAlgorithm(predicted, p.work(), on);
        return new PlannedStep(clean(step.sql()).strip(), "online", lock, fallback.toString());
    }

    private void transactionNote(Builder b, RewritePlan rewrite) {
        if (dialect != Dialect.POSTGRESQL || !rewrite.needsAutocommit()) {
            return;
        }
        TransactionPolicy policy = settings.transactionPolicy();
        b.notes.add(switch (policy) {
            case SPLIT -> "inside a migration's transaction (Flyway's default on PostgreSQL) the driver first commits"
                    + " the work done so far (transactionPolicy=split)";
            case KEEP -> "inside a transaction the driver runs the statement as written instead, blocking"
                    + " (transactionPolicy=keep)";
            case FAIL -> "inside a transaction the driver refuses it with SQLSTATE 25001 (transactionPolicy=fail)";
        });
    }

    /** UPDATE/DELETE/INSERT … SELECT: whether the batching engine can take it, and when it would. */
    private void batching(Builder b, SqlStatement s) {
        if (b.lock.work() != Work.ROWS) {
            return;
        }
        if (!settings.batch().enabled()) {
            b.notes.add("batching is off (safemigrate.batch=false): one transaction");
            return;
        }
        BulkStatement.Analysis analysis = BulkStatement.analyze(s.text(), dialect);
        if (analysis.statement() == null) {
            b.notes.add("the batching engine cannot split it (" + analysis.reason() + "): one transaction holds"
                    + " a row lock on every row it changes until it commits");
            b.unbatchable = true;
            return;
        }
        if (planned.createdTable(s.target())) {
            b.notes.add("table created earlier in these migrations: small, one transaction");
            return;
        }
        b.verdict = Verdict.BATCHED;
        b.steps.add(new PlannedStep(clean(s.text().strip()), "batched", b.lock, null));
        b.notes.add("run as keyset batches of about " + settings.batch().targetTime().toMillis() + " ms each over the"
                + " primary key when it touches at least batch.minRows=" + settings.batch().minRows()
                + " rows (the planner's estimate at run time; a table without a primary key runs as written)");
    }

    private void size(Builder b, SqlStatement s) {
        if (sizes == null) {
            return;
        }
        QualifiedName table = s.target();
        try {
            if (table == null && s.index() != null && s.isDdl()) {
                Catalog.IndexFacts index = catalog.index(s.index());
                if (index.exists()) {
                    table = new QualifiedName(index.schema(), index.table(),
                            dev.safemigrate.sql.Identifiers.quote(dialect, index.schema(), index.table()));
                }
            }
            if (table != null && !planned.createdTable(table)) {
                b.size = sizes.size(table);
            }
        } catch (SQLException e) {
            b.notes.add("could not read the table's size: " + e.getMessage());
        } finally {
            catalog.invalidate();
        }
    }

    private void risk(Builder b, SqlStatement s) {
        boolean newTable = planned.createdTable(s.target());
        long rows = b.size == null ? -1 : b.size.estimatedRows();
        boolean small = newTable || (sizes != null && (b.size == null || (rows >= 0 && rows < settings.rewriteMinRows())));
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
            b.notes.add("table created earlier in these migrations: new and empty, its locks are brief");
        } else if (small && b.size != null && (blocking || b.lock.blocksWrites())) {
            b.notes.add("small table (~" + rows + " rows, below rewrite.minRows=" + settings.rewriteMinRows()
                    + "): its locks are brief");
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
    private Work effectiveWork(Builder b, SqlStatement s) {
        Work work = b.lock.work();
        if (dialect == Dialect.POSTGRESQL && s.isDdl() && s.ddlKind() == DdlKind.ALTER_TABLE) {
            boolean rewrites = b.findings.stream().anyMatch(f -> f.rule().equals(Operation.VOLATILE_DEFAULT.rule)
                    || f.rule().equals(Operation.ALTER_COLUMN_TYPE.rule));
            if (rewrites) {
                return Work.REWRITE;
            }
            if (work == Work.REWRITE && SqlCursor.over(s.text(), dialect).findTopLevelWord(0, "TYPE") >= 0
                    && b.verdict != Verdict.NEEDS_URL && catalog != null && !(catalog instanceof AssumedCatalog)) {
                return Work.CATALOG; // the check found it binary-compatible
            }
        }
        if (b.predictedCopy) {
            return Work.REWRITE;
        }
        return work;
    }

    private static Work stepWork(Builder b) {
        Work longest = Work.CATALOG;
        for (PlannedStep st : b.steps) {
            if (st.lock().work().growsWithTable() && (!longest.growsWithTable()
                    || st.lock().work().ordinal() > longest.ordinal())) {
                longest = st.lock().work();
            }
        }
        return longest;
    }

    private static String withoutSemicolon(String sql) {
        String s = clean(sql).strip();
        return s.endsWith(";") ? s.substring(0, s.length() - 1).strip() : s;
    }

    private static Operation operation(String rule) {
        for (Operation op : Operation.values()) {
            if (op.rule.equals(rule)) {
                return op;
            }
        }
        return null;
    }

    /** The rules' texts print a table of unknown size with the sentinel row count: say it in words. */
    static String clean(String text) {
        return text == null ? null : text.replace(UNKNOWN_ROWS, "size unknown without --url")
                .replace("~" + AssumedCatalog.UNKNOWN_ROWS + " ", "");
    }

    private static final class Builder {
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
        final List<PlannedStep> steps = new ArrayList<>();
        final List<PlannedFinding> findings = new ArrayList<>();
        final List<String> reasons = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final List<String> assumptions = new ArrayList<>();
        final List<String> needsUrl = new ArrayList<>();

        Builder(String file, int line, SqlStatement statement, Dialect dialect) {
            this.dialect = dialect;
            this.file = file;
            this.line = line;
            this.statement = statement;
        }

        StatementPlan build() {
            LockInfo shown = work == null || work == lock.work() ? lock
                    : new LockInfo(lock.lock(), lock.tables(), lock.blocksReads(), lock.blocksWrites(), work);
            SqlCursor c = SqlCursor.over(statement.text(), dialect);
            String sql = c.size() == 0 ? statement.text().strip() : statement.text().substring(c.start(0)).strip();
            return new StatementPlan(file, line, sql, shown, verdict, rule, List.copyOf(steps),
                    List.copyOf(findings), refusal, risk, List.copyOf(reasons), List.copyOf(notes),
                    List.copyOf(assumptions), List.copyOf(needsUrl), size, estimate);
        }
    }
}
