package dev.safemigrate.cli.expand;

import dev.safemigrate.cli.Main;
import dev.safemigrate.dialect.Catalog.ExpansionFacts;
import dev.safemigrate.dialect.postgres.ExpansionRecords;
import dev.safemigrate.observe.LogText;
import dev.safemigrate.plan.report.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code status}: the expansions recorded in a database (pending ones first), and for a pending column rename
 * whether queries still name the old column. Reads only, over a read-only session.
 */
@Command(name = "status", sortOptions = false, descriptionHeading = "%n", optionListHeading = "Options:%n",
        description = {
            "The expansions of a PostgreSQL database (policy.renameColumn=expand) and what is left to do.",
            "",
            "Lists the pending expansions, and with --all the contracted and rolled back ones. For a pending column"
                    + " rename it says whether pg_stat_statements still shows queries naming the old column, which"
                    + " would fail once the contract drops it. Changes nothing.",
            ""},
        footer = {"", "Exit codes: 0 listed, 2 bad usage or not a PostgreSQL URL, 3 the database could not be used."})
public final class StatusCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--all", description = "list contracted and rolled back expansions too")
    boolean all;

    @Option(names = "--format", paramLabel = "F", description = "text (default) or json")
    String format = "text";

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
    boolean help;

    public StatusCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** One expansion as listed; {@code usage} only for a pending column rename. */
    private record Row(ExpansionFacts facts, boolean pending, OldNameQueries.Usage usage) {
    }

    @Override
    public Integer call() {
        format = format.toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            throw new ParameterException(spec.commandLine(), "--format takes text or json, not '" + format + "'");
        }
        ExpansionConnection db;
        try {
            db = ExpansionConnection.of(connection, false);
        } catch (ExpansionConnection.UsageException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        List<Row> rows = new ArrayList<>();
        int finished = 0;
        String stateTable;
        try (Connection bare = db.openBare()) {
            stateTable = db.stateTable(bare);
            List<ExpansionFacts> recorded = ExpansionRecords.all(bare, db.stateTable());
            for (ExpansionFacts e : recorded) {
                if (Expansions.pending(e)) {
                    rows.add(new Row(e, true, Expansions.RENAME_COLUMN.equals(e.kind()) ? OldNameQueries.of(bare, e)
                            : null));
                }
            }
            for (ExpansionFacts e : recorded) {
                if (!Expansions.pending(e)) {
                    finished++;
                    if (all) {
                        rows.add(new Row(e, false, null));
                    }
                }
            }
        } catch (SQLException e) {
            err.println("safemigrate status: " + Expansions.cannotUse(db, e));
            return Main.DATABASE;
        }
        Instant now = Instant.now();
        out.print(format.equals("json") ? json(stateTable, rows, now) : text(db.where(), stateTable, rows, finished, now));
        return Main.OK;
    }

    private String text(String where, String stateTable, List<Row> rows, int finished, Instant now) {
        StringBuilder b = new StringBuilder();
        long pending = rows.stream().filter(Row::pending).count();
        b.append("Expansions at ").append(where).append(" (record table ").append(stateTable).append("): ")
                .append(pending).append(" pending, ").append(finished).append(" finished\n");
        for (Row r : rows) {
            ExpansionFacts e = r.facts();
            b.append('\n').append(e.id()).append("  ").append(e.kind()).append("  ").append(e.schema()).append('.')
                    .append(e.table()).append("  ").append(e.oldName()).append(" → ").append(e.newName()).append("  ")
                    .append(e.status()).append("  created ").append(age(e.createdAt(), now)).append(" ago\n");
            b.append("   statement: ").append(shorten(e.statement())).append('\n');
            if (r.usage() != null) {
                b.append("   old column ").append(e.oldName()).append(": ").append(r.usage().describe()).append('\n');
            }
            if (r.pending()) {
                b.append("   next: ").append(Expansions.EXPANDED.equals(e.status())
                        ? "safemigrate contract " + e.id() + " (drops " + e.oldName() + "), or safemigrate rollback "
                                + e.id() + " (drops " + e.newName() + ")"
                        : "re-run its statement to finish it, or safemigrate rollback " + e.id()).append('\n');
            }
        }
        if (!all && finished > 0) {
            b.append('\n').append(finished).append(" finished (contracted or rolled back): --all lists them\n");
        }
        if (rows.isEmpty() && finished == 0) {
            b.append("\nNo expansions recorded.\n");
        }
        return b.toString();
    }

    private String json(String stateTable, List<Row> rows, Instant now) {
        List<Object> list = new ArrayList<>();
        for (Row r : rows) {
            ExpansionFacts e = r.facts();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", e.id());
            m.put("kind", e.kind());
            m.put("schema", e.schema());
            m.put("table", e.table());
            m.put("oldName", e.oldName());
            m.put("newName", e.newName());
            m.put("status", e.status());
            m.put("pending", r.pending());
            m.put("createdAt", e.createdAt().toString());
            m.put("ageSeconds", Math.max(0, Duration.between(e.createdAt(), now).toSeconds()));
            m.put("statement", e.statement());
            if (r.usage() != null) {
                Map<String, Object> u = new LinkedHashMap<>();
                u.put("known", r.usage().known());
                u.put("queries", r.usage().known() ? r.usage().queries() : null);
                u.put("calls", r.usage().known() ? r.usage().calls() : null);
                u.put("note", r.usage().describe());
                m.put("oldNameQueries", u);
            }
            list.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", 1);
        root.put("stateTable", stateTable);
        root.put("expansions", list);
        return Json.write(root);
    }

    /** One line, at most 100 characters: the full text is in the record (and in --format json). */
    private static String shorten(String sql) {
        String line = LogText.shorten(sql);
        return line.length() <= 100 ? line : line.substring(0, 99) + "…";
    }

    static String age(Instant since, Instant now) {
        Duration d = Duration.between(since, now);
        if (d.toDays() > 0) {
            return d.toDays() + " d";
        }
        if (d.toHours() > 0) {
            return d.toHours() + " h";
        }
        return Math.max(d.toMinutes(), 0) + " min";
    }
}
