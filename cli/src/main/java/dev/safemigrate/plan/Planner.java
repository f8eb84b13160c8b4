package dev.safemigrate.plan;

import dev.safemigrate.config.Settings;
import dev.safemigrate.config.TransactionPolicy;
import dev.safemigrate.dialect.Catalog;
import dev.safemigrate.execution.batch.BulkStatement;
import dev.safemigrate.plan.StatementPlan.PlannedFinding;
import dev.safemigrate.plan.StatementPlan.PlannedStep;
import dev.safemigrate.plan.lint.Advice;
import dev.safemigrate.plan.lint.Linter;
import dev.safemigrate.rules.AllowComments;
import dev.safemigrate.rules.CopyFallback;
import dev.safemigrate.rules.Decision;
import dev.safemigrate.rules.Finding;
import dev.safemigrate.rules.Operation;
import dev.safemigrate.rules.PolicyJudgement;
import dev.safemigrate.rules.PolicyViolationException;
import dev.safemigrate.rules.RewritePlan;
import dev.safemigrate.rules.Rule;
import dev.safemigrate.rules.RuleContext.PolicyOutcome;
import dev.safemigrate.rules.RuleSet;
import dev.safemigrate.rules.Step;
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
    private static final String UNKNOWN_ROWS = "~" + AssumedCatalog.UNKNOWN_ROWS + " rows";

    private final Dialect dialect;
    private final Settings settings;
    private final RuleSet rules;
    private final Catalog catalog;
    private final TableSizes sizes;
    private final PlannedSchema planned;
    private final StatementClassifier classifier;
    private final RiskAssessment risk;
    private final Linter linter;

    private Planner(Dialect dialect, Settings settings, RuleSet rules, Catalog catalog, TableSizes sizes,
                    PlannedSchema planned, Set<String> excluded) {
        this.dialect = dialect;
        this.settings = settings;
        this.rules = rules;
        this.catalog = catalog;
        this.sizes = sizes;
        this.planned = planned;
        this.classifier = new StatementClassifier(dialect);
        this.risk = new RiskAssessment(dialect, settings, sizes != null);
        this.linter = new Linter(dialect, excluded);
    }

    /**
     * Without a database: every fact the rules need is assumed (see {@link AssumedCatalog}); a table created by
     * an earlier migration exists and may be big, only one created in the same migration is new.
     */
    public static Planner offline(Dialect dialect, boolean mariadb, Settings settings, RuleSet rules) {
        return offline(dialect, mariadb, settings, rules, Set.of());
    }

    /** Without a database, leaving out the lint rules named in {@code excluded} (see {@link Linter#rules()}). */
    public static Planner offline(Dialect dialect, boolean mariadb, Settings settings, RuleSet rules,
                                  Set<String> excluded) {
        PlannedSchema planned = PlannedSchema.unitByUnit();
        return new Planner(dialect, settings, rules, new AssumedCatalog(dialect, mariadb, planned), null, planned,
                excluded);
    }

    /**
     * With the live catalog of a read-only connection ({@link ReadOnlySession}). The database holds what the
     * applied migrations built; the pending ones are planned as deployed together after them.
     */
    public static Planner live(Dialect dialect, Settings settings, RuleSet rules, Catalog catalog,
                               java.sql.Connection readOnly) {
        return live(dialect, settings, rules, catalog, readOnly, Set.of());
    }

    /** With the live catalog, leaving out the lint rules named in {@code excluded}. */
    public static Planner live(Dialect dialect, Settings settings, RuleSet rules, Catalog catalog,
                               java.sql.Connection readOnly, Set<String> excluded) {
        return new Planner(dialect, settings, rules, catalog, new TableSizes(readOnly, dialect),
                PlannedSchema.unitsAreDeployedTogether(), excluded);
    }

    /** Plans the statements of one migration file's text, in order: the file is one unit (one transaction). */
    public List<StatementPlan> plan(String file, String text) {
        planned.beginUnit(file);
        List<SqlStatement> statements = statements(text);
        // one file is one unit: Flyway runs it in one transaction on PostgreSQL unless it cannot
        linter.beginUnit(statements, Linter.flywayWraps(dialect, statements));
        List<StatementPlan> out = new ArrayList<>();
        for (SqlStatement s : statements) {
            out.add(plan(file, lineOf(text, s), s));
            planned.after(s);
        }
        return out;
    }

    /**
     * Plans one unit given as separate statements that all start at one line, e.g. the SQL Liquibase generates
     * for a changeset (its line is the changeset's), run in one transaction or not ({@code runInTransaction}).
     */
    public List<StatementPlan> plan(String file, String unit, int line, List<String> sql, boolean inTransaction) {
        planned.beginUnit(unit);
        List<SqlStatement> statements = new ArrayList<>();
        for (String text : sql) {
            statements.addAll(statements(text));
        }
        linter.beginUnit(statements, inTransaction);
        List<StatementPlan> out = new ArrayList<>();
        for (SqlStatement s : statements) {
            out.add(plan(file, line, s));
            planned.after(s);
        }
        return out;
    }

    /**
     * Reads a migration that is not planned (already applied, or not selected) for the schema it builds: the
     * tables it creates exist when later migrations change them.
     */
    public void read(String unit, String text) {
        read(unit, List.of(text));
    }

    /** Reads a unit given as separate statements (a Liquibase changeset's SQL) for the schema it builds. */
    public void read(String unit, List<String> sql) {
        planned.beginUnit(unit);
        for (String text : sql) {
            for (SqlStatement s : statements(text)) {
                planned.after(s);
            }
        }
    }

    private List<SqlStatement> statements(String text) {
        ParsedSql parsed = classifier.parse(text);
        List<SqlStatement> out = new ArrayList<>();
        for (SqlStatement s : parsed.statements()) {
            if (s.kind() != StatementKind.EMPTY) {
                out.add(s);
            }
        }
        return out;
    }

    private int lineOf(String text, SqlStatement s) {
        SqlCursor c = s.tokens();
        return lineAt(text, s.start() + (c.size() > 0 ? c.start(0) : 0));
    }

    /** The 1-based line of {@code offset} in {@code text}. */
    static int lineAt(String text, int offset) {
        int line = 1;
        for (int k = 0; k < offset && k < text.length(); k++) {
            if (text.charAt(k) == '\n') {
                line++;
            }
        }
        return line;
    }

    /**
     * The rules' decisions as the driver acts on them (execution.Rewriter), recorded instead of logged: the
     * policies' outcome for each finding, then the first plan, or a refusal (which stops there).
     */
    private RewritePlan decide(SqlStatement s, PlanContext context, StatementDraft b) throws SQLException {
        for (Rule rule : rules.rules()) {
            Decision decision = rule.decide(s, context);
            if (decision instanceof Decision.Rewrite rewrite) {
                return rewrite.plan();
            }
            if (decision instanceof Decision.Findings found) {
                PolicyJudgement judgement = PolicyJudgement.of(s, found, settings);
                for (Finding f : judgement.findings()) {
                    context.decided(f, judgement.outcome(f));
                }
                if (judgement.refused()) {
                    PolicyViolationException refused = judgement.refusal();
                    b.verdict = Verdict.REFUSED;
                    b.rule = refused.rule();
                    b.refusal = clean(refused.getMessage());
                    return null;
                }
            }
            if (decision instanceof Decision.Refused refused) {
                b.verdict = Verdict.REFUSED;
                b.rule = refused.rule().name();
                b.refusal = clean(refused.message());
                return null;
            }
        }
        return null;
    }

    private StatementPlan plan(String file, int line, SqlStatement s) {
        if (catalog instanceof AssumedCatalog assumed) {
            assumed.begin(s);
        }
        StatementDraft b = new StatementDraft(file, line, s, dialect);
        b.lock = dialect == Dialect.POSTGRESQL ? PostgresLocks.of(s) : MySqlLocks.of(s);
        PlanContext context = new PlanContext(settings, catalog, planned);
        RewritePlan rewrite = null;
        if (s.isDdl() && settings.rewrite()) {
            try {
                rewrite = decide(s, context, b);
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
        } else if (s.kind() == StatementKind.OTHER) {
            b.notes.add("not a statement the driver analyses (e.g. DO, CALL, a procedure body): it runs as written,"
                    + " and plan does not look inside it");
        }
        if (catalog instanceof AssumedCatalog assumed) {
            b.assumptions.addAll(assumed.assumptions());
            b.needsUrl.addAll(assumed.unknowns());
        }
        if (b.verdict != Verdict.REFUSED && b.verdict != Verdict.REWRITTEN && !b.needsUrl.isEmpty()) {
            b.verdict = Verdict.NEEDS_URL;
        }
        size(b, s);
        for (Advice a : linter.check(s, planned::createdTable)) {
            // the driver's create-index rule finds the index a previous run built and sends nothing: re-runs pass
            boolean rerunHandled = a.rule().equals(Linter.PREFER_ROBUST) && "create-index".equals(b.rule)
                    && (b.verdict == Verdict.REWRITTEN || b.verdict == Verdict.NOTHING);
            if (!rerunHandled) {
                b.advice.add(a);
            }
        }
        risk.assess(b, planned.createdTable(s.target()));
        return b.build();
    }

    /** The policy decisions, and the offline cases where a decision rests on an assumed column type. */
    private void findings(StatementDraft b, PlanContext context) {
        // offline, a column's type is a live fact unless an earlier migration wrote it (WrittenColumns)
        boolean typesUnknown = catalog instanceof AssumedCatalog assumed && !assumed.columnsFromHistory();
        b.columnTypesKnown = !typesUnknown;
        boolean onlyTypeRefusals = b.verdict == Verdict.REFUSED;
        for (PlanContext.Decided d : context.decisions()) {
            Operation op = d.finding().operation();
            b.findings.add(new PlannedFinding(op.rule, d.decision().name().toLowerCase(Locale.ROOT),
                    clean(d.finding().subject()), op.risk, op.setting.key()));
            if (d.decision() == PolicyOutcome.REFUSED && op != Operation.ALTER_COLUMN_TYPE) {
                onlyTypeRefusals = false;
            }
            if (typesUnknown && op == Operation.ALTER_COLUMN_TYPE && d.decision() != PolicyOutcome.ALLOWED) {
                b.needsUrl.add("the current type of the column: the change rewrites the table unless it is"
                        + " binary-compatible (e.g. varchar(n) to a longer varchar or text)");
            }
        }
        if (typesUnknown && onlyTypeRefusals && !b.needsUrl.isEmpty()) {
            b.verdict = Verdict.NEEDS_URL; // refused only if the type change rewrites: a live fact
            b.refusal = null;
            b.notes.add("with --url: refused unless the type change is binary-compatible");
        }
    }

    private void steps(StatementDraft b, RewritePlan rewrite, PlanContext context) {
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
    private PlannedStep onlineStep(StatementDraft b, Step step, PlanContext context) {
        MySqlLocks.Prediction p = MySqlLocks.predict(b.statement);
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
        CopyFallback copy = step.online().fallback();
        if (copy.choice() == CopyFallback.Choice.ONLINE) {
            onNone = "copied online by the driver (shadow table, triggers, chunked copy, comparison, RENAME TABLE swap;"
                    + " writes go on: docs/online-copy.md)";
        } else if (copy.choice() != CopyFallback.Choice.REFUSE) {
            onNone = "runs as written (copies the table, writes wait)";
            b.allowedCopy = AllowComments.allows(b.statement.text(), Dialect.MYSQL, "copying-alter")
                    || AllowComments.allows(b.statement.text(), Dialect.MYSQL, Operation.ALTER_COLUMN_TYPE.rule);
        } else {
            PolicyViolationException refused = copy.refusal("(predicted by plan) " + p.why());
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

    private void transactionNote(StatementDraft b, RewritePlan rewrite) {
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
    private void batching(StatementDraft b, SqlStatement s) {
        if (b.lock.work() != Work.ROWS) {
            return;
        }
        if (!settings.batch().enabled()) {
            b.notes.add("batching is off (safemigrate.batch=false): one transaction");
            return;
        }
        BulkStatement.Analysis analysis = BulkStatement.analyze(s);
        if (analysis.statement() == null) {
            b.notes.add("the batching engine cannot split it (" + analysis.reason() + "): one transaction holds"
                    + " a row lock on every row it changes until it commits");
            b.unbatchable = true;
            return;
        }
        if (planned.createdTable(s.target())) {
            b.notes.add("table created earlier in this migration: new and empty, one transaction");
            return;
        }
        b.verdict = Verdict.BATCHED;
        b.steps.add(new PlannedStep(clean(s.text().strip()), "batched", b.lock, null));
        b.notes.add("run as keyset batches of about " + settings.batch().targetTime().toMillis() + " ms each over the"
                + " primary key when it touches at least batch.minRows=" + settings.batch().minRows()
                + " rows (the planner's estimate at run time; a table without a primary key runs as written)");
    }

    private void size(StatementDraft b, SqlStatement s) {
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

    private static String withoutSemicolon(String sql) {
        String s = clean(sql).strip();
        return s.endsWith(";") ? s.substring(0, s.length() - 1).strip() : s;
    }

    /** The rules' texts print a table of unknown size with the sentinel row count: say it in words. */
    static String clean(String text) {
        return text == null ? null : text.replace(UNKNOWN_ROWS, "size unknown without --url")
                .replace("~" + AssumedCatalog.UNKNOWN_ROWS + " ", "");
    }
}
