package dev.safemigrate.plan.liquibase;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the line where a changeset starts in its file's text. Liquibase's parsed changesets do not keep a
 * line, so this looks for the changeset's start ({@code <changeSet}, {@code changeSet:}, {@code "changeSet"},
 * {@code --changeset}) whose own text carries its id, and its author too when two changesets share an id.
 */
final class ChangeSetLines {
    private static final Pattern XML_START = Pattern.compile("<(?:[\\w.-]+:)?changeSet\\b[^>]*>");
    private static final Pattern YAML_START = Pattern.compile("(?m)^[ \\t-]*changeSet[ \\t]*:");
    private static final Pattern JSON_START = Pattern.compile("\"changeSet\"\\s*:");
    private static final Pattern SQL_START = Pattern.compile("(?im)^[ \\t]*--[ \\t]*changeset[ \\t]+(.*)$");

    private final String text;
    private final String format;

    private ChangeSetLines(String text, String format) {
        this.text = text;
        this.format = format;
    }

    /** @param fileName the file's name, whose extension says how changesets are written */
    static ChangeSetLines of(String text, String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        String format = name.endsWith(".xml") ? "xml"
                : name.endsWith(".yaml") || name.endsWith(".yml") ? "yaml"
                : name.endsWith(".json") ? "json"
                : "sql";
        return new ChangeSetLines(text, format);
    }

    /** The 1-based line of the changeset, or 1 when no changeset start in the text names that id. */
    int lineOf(String id, String author) {
        List<int[]> blocks = blocks();
        int idOnly = -1;
        for (int[] block : blocks) {
            String body = text.substring(block[0], block[1]);
            if (has(body, "id", id)) {
                if (author == null || has(body, "author", author)) {
                    return lineAt(block[0]);
                }
                if (idOnly < 0) {
                    idOnly = block[0];
                }
            }
        }
        return idOnly < 0 ? 1 : lineAt(idOnly);
    }

    /** The text of each changeset's start: the XML tag, the SQL comment line, or up to the next changeset. */
    private List<int[]> blocks() {
        Pattern start = switch (format) {
            case "xml" -> XML_START;
            case "yaml" -> YAML_START;
            case "json" -> JSON_START;
            default -> SQL_START;
        };
        List<int[]> blocks = new ArrayList<>();
        Matcher m = start.matcher(text);
        List<Integer> starts = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        while (m.find()) {
            starts.add(m.start());
            ends.add(m.end());
        }
        for (int k = 0; k < starts.size(); k++) {
            boolean ownTextOnly = format.equals("xml") || format.equals("sql");
            int end = ownTextOnly ? ends.get(k) : k + 1 < starts.size() ? starts.get(k + 1) : text.length();
            blocks.add(new int[] {starts.get(k), end});
        }
        return blocks;
    }

    private boolean has(String body, String key, String value) {
        String v = Pattern.quote(value);
        Pattern p = switch (format) {
            case "xml" -> Pattern.compile("\\b" + key + "\\s*=\\s*([\"'])" + v + "\\1");
            case "yaml" -> Pattern.compile("(?m)^[ \\t-]*" + key + "[ \\t]*:[ \\t]*([\"']?)" + v + "\\1[ \\t]*(#.*)?$");
            case "json" -> Pattern.compile("\"" + key + "\"\\s*:\\s*\"?" + v + "\"?\\s*[,}\\n]");
            // --changeset author:id, either part may be quoted
            default -> Pattern.compile(key.equals("id")
                    ? "(?i)changeset[ \\t]+(?:\"[^\"]*\"|[^:\\s]*):\"?" + v + "\"?(\\s|$)"
                    : "(?i)changeset[ \\t]+\"?" + v + "\"?:");
        };
        return p.matcher(body).find();
    }

    private int lineAt(int offset) {
        int line = 1;
        for (int k = 0; k < offset; k++) {
            if (text.charAt(k) == '\n') {
                line++;
            }
        }
        return line;
    }
}
