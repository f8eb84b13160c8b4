package dev.safemigrate.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The settings table of {@code docs/settings.md} is the one {@link Setting} gives: every key with its default,
 * its allowed values and its description, in declaration order, and no other key. On a mismatch the failure
 * message carries the table to paste between the markers.
 */
class SettingsDocTest {

    static final String BEGIN = "<!-- settings:begin -->";
    static final String END = "<!-- settings:end -->";

    /** {@code docs/settings.md} of the repository, resolved from the driver module's directory. */
    static Path settingsDoc() {
        String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
        Path module = Path.of(basedir).toAbsolutePath();
        Path doc = module.resolve("../docs/settings.md").normalize();
        if (!Files.isRegularFile(doc)) {
            fail("docs/settings.md not found at " + doc + " (resolved from the driver module directory " + module
                    + "); the settings reference must exist. Its table between " + BEGIN + " and " + END
                    + " must be:\n\n" + expectedTable());
        }
        return doc;
    }

    /** The settings table as {@link Setting} defines it, in Markdown. */
    static String expectedTable() {
        StringBuilder b = new StringBuilder();
        b.append("| Key | Default | Allowed | Meaning |\n");
        b.append("| --- | --- | --- | --- |\n");
        for (Setting s : Setting.values()) {
            b.append("| `").append(s.key()).append("` | `").append(s.defaultValue()).append("` | ")
                    .append(cell(s.allowedValues())).append(" | ").append(cell(s.description())).append(" |\n");
        }
        return b.toString();
    }

    /** Escapes what Markdown would otherwise read as a column break or an HTML tag. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** The text between the markers, line endings normalised, outer blank lines removed. */
    static String between(String doc) {
        String text = doc.replace("\r\n", "\n");
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < 0 || end < begin || text.indexOf(BEGIN, begin + 1) >= 0 || text.indexOf(END, end + 1) >= 0) {
            return null;
        }
        return text.substring(begin + BEGIN.length(), end).strip() + "\n";
    }

    /** Key → default cell of each row of the table between the markers (backticks removed), in order. */
    static Map<String, String> listedDefaults(String table, List<String> problems) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : table.split("\n")) {
            if (!line.startsWith("|") || line.startsWith("| Key ") || line.startsWith("| ---")) {
                continue;
            }
            String[] cells = line.split("(?<!\\\\)\\|", -1);
            if (cells.length < 3) {
                problems.add("not a table row: " + line);
                continue;
            }
            String key = cells[1].strip().replace("`", "");
            String defaultValue = cells[2].strip().replace("`", "");
            if (rows.put(key, defaultValue) != null) {
                problems.add("listed twice: " + key);
            }
        }
        return rows;
    }

    /** Everything wrong with this text of docs/settings.md; empty when its table is the generated one. */
    static List<String> problems(String doc) {
        List<String> problems = new ArrayList<>();
        String table = between(doc);
        if (table == null) {
            problems.add("the markers " + BEGIN + " and " + END + " must each appear once, in this order");
            return problems;
        }
        Map<String, String> listed = listedDefaults(table, problems);
        for (Setting s : Setting.values()) {
            String listedDefault = listed.get(s.key());
            if (listedDefault == null) {
                problems.add("missing: " + s.key() + " (default " + s.defaultValue() + ")");
            } else if (!listedDefault.equals(s.defaultValue())) {
                problems.add("wrong default for " + s.key() + ": the table says " + listedDefault
                        + ", Setting says " + s.defaultValue());
            }
        }
        for (String key : listed.keySet()) {
            if (Setting.forKey(key) == null) {
                problems.add("unknown key (no such Setting): " + key);
            }
        }
        if (problems.isEmpty() && !table.equals(expectedTable())) {
            problems.add("the rows differ from the ones generated from Setting (allowed values, descriptions, order or"
                    + " formatting)");
        }
        return problems;
    }

    @Test
    void theSettingsTableIsTheOneGeneratedFromSetting() throws IOException {
        Path doc = settingsDoc();
        List<String> problems = problems(Files.readString(doc, StandardCharsets.UTF_8));
        if (!problems.isEmpty()) {
            fail(doc + " does not match dev.safemigrate.config.Setting:\n  - " + String.join("\n  - ", problems)
                    + "\n\nPaste this between " + BEGIN + " and " + END + ":\n\n" + expectedTable());
        }
    }

    @Test
    void theGeneratedTableHasOneRowPerSetting() {
        List<String> problems = new ArrayList<>();
        Map<String, String> rows = listedDefaults(expectedTable(), problems);
        assertThat(problems).isEmpty();
        assertThat(rows).hasSize(Setting.values().length);
        for (Setting s : Setting.values()) {
            assertThat(rows).containsEntry(s.key(), s.defaultValue());
        }
    }

    // The check itself can fail: each way the table can go wrong is caught.

    private static String docWith(String table) {
        return "# Settings\n\nText.\n\n" + BEGIN + "\n" + table + END + "\n\nMore text.\n";
    }

    @Test
    void theGeneratedTablePasses() {
        assertThat(problems(docWith(expectedTable()))).isEmpty();
    }

    @Test
    void aChangedDefaultIsCaught() {
        String table = expectedTable().replace("| `safemigrate.lockTimeout` | `1s` |", "| `safemigrate.lockTimeout` | `5s` |");
        assertThat(table).isNotEqualTo(expectedTable());
        assertThat(problems(docWith(table)))
                .containsExactly("wrong default for safemigrate.lockTimeout: the table says 5s, Setting says 1s");
    }

    @Test
    void aMissingKeyIsCaught() {
        String table = expectedTable().lines().filter(l -> !l.startsWith("| `safemigrate.cacheSize`"))
                .reduce("", (a, l) -> a + l + "\n");
        assertThat(problems(docWith(table))).containsExactly("missing: safemigrate.cacheSize (default 10000)");
    }

    @Test
    void anUnknownKeyIsCaught() {
        String table = expectedTable() + "| `safemigrate.noSuchKey` | `1` | anything | Not a setting. |\n";
        assertThat(problems(docWith(table))).containsExactly("unknown key (no such Setting): safemigrate.noSuchKey");
    }

    @Test
    void anEditedDescriptionIsCaught() {
        String table = expectedTable().replace("Master switch.", "Main switch.");
        assertThat(problems(docWith(table))).hasSize(1).first().asString().startsWith("the rows differ");
    }

    @Test
    void missingMarkersAreCaught() {
        assertThat(problems("# Settings\n\n" + expectedTable())).hasSize(1).first().asString().contains("markers");
        assertThat(problems(docWith(expectedTable()) + BEGIN + "\n")).hasSize(1);
    }
}
